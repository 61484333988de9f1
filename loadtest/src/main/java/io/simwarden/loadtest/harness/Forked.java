package io.simwarden.loadtest.harness;

import io.simwarden.core.CommonPool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Child JVMs for measurements that must not be polluted by the parent's heap or caches (heap per entity,
 * recovery after a restart, one simulation per fleet size). The child prints its figures as {@code FIGURE}
 * lines on stdout; everything else it prints is passed through.
 */
public final class Forked {

  private Forked() {}

  static List<Figure> run(Class<? extends ForkedTask> task, List<String> jvmOptions, List<String> args,
      PrintWriter out) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Dslf4j.internal.verbosity=ERROR");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Forked.class.getName());
    command.add(task.getName());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<Figure> figures = new ArrayList<>();
    Deque<String> tail = new ArrayDeque<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith(Figure.LINE_PREFIX)) {
          figures.add(Figure.parseLine(line));
        } else {
          out.println("  | " + line);
          out.flush();
          tail.addLast(line);
          if (tail.size() > 20) {
            tail.removeFirst();
          }
        }
      }
    }
    int code = process.waitFor();
    if (code != 0) {
      throw new IllegalStateException("forked benchmark " + task.getSimpleName() + " exited with " + code
          + "; its last lines:\n" + String.join("\n", tail));
    }
    return figures;
  }

  /** Entry point of the child JVM: {@code <task class> <profile> <bench> <run> <journal x3> <task args...>}. */
  public static void main(String[] args) throws Exception {
    CommonPool.ensure();
    endWithParent();
    int code = 0;
    try {
      PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
      ForkedTask task = (ForkedTask) Class.forName(args[0]).getConstructor().newInstance();
      BenchJournal journal = args[4].equals("-") ? null : BenchJournal.fromArgs(args, 4);
      BenchRun run = new BenchRun(Profile.parse(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
          journal, out);
      for (Figure f : task.run(run, Arrays.asList(args).subList(7, args.length))) {
        out.println(f.toLine());
      }
      out.flush();
    } catch (Throwable e) {
      // On stdout too: the parent keeps the last lines of stdout for its error, and stderr may go elsewhere.
      System.out.println("failed: " + e);
      System.out.flush();
      e.printStackTrace();
      code = 1;
    }
    // The Cassandra driver and Pekko leave non-daemon threads behind; the parent waits for this JVM to end.
    System.exit(code);
  }

  /**
   * Halts this JVM when the bench that started it ends (Ctrl-C, kill, a crash): a child left behind holds gigabytes
   * of heap and both cores, and its SIMs would be written into the next run's measurements.
   */
  private static void endWithParent() {
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
      System.err.println("the bench that started this JVM (pid " + parent.pid() + ") has ended; stopping");
      Runtime.getRuntime().halt(3);
    }));
  }
}
