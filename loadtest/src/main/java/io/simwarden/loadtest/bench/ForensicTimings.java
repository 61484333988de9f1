package io.simwarden.loadtest.bench;

import io.simwarden.loadtest.harness.BenchJournal;
import io.simwarden.loadtest.harness.Figure;
import java.io.PrintStream;
import java.util.List;

/**
 * Placeholder for the forensic query timings on a journal whose read side caught up (search by endpoint, kind and
 * IMEI, outbreak, verify from the chain heads and in full, each beside raw driver reads of the same rows). The
 * real class replaces this one; until then the durable-day bench reports no forensic figures.
 */
public final class ForensicTimings {

  private ForensicTimings() {}

  /** The forensic figures on {@code keyspace} of {@code journal}; none in this placeholder. */
  public static List<Figure> measure(BenchJournal journal, String keyspace, PrintStream out) throws Exception {
    out.println("forensic timings: not measured (ForensicTimings is a placeholder in this build)");
    return List.of();
  }
}
