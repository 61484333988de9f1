package io.simwarden.loadtest.harness;

import java.util.List;

/** A measurement that runs in a JVM of its own (see {@link BenchRun#fork}); needs a public no-argument constructor. */
public interface ForkedTask {

  /** Measures; {@code run} is rebuilt from the parent's, {@code args} are the task's own arguments. */
  List<Figure> run(BenchRun run, List<String> args) throws Exception;
}
