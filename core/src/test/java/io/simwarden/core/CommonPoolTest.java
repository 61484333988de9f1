package io.simwarden.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinWorkerThread;
import org.junit.jupiter.api.Test;

/**
 * Runs a probe in a JVM that sees two processors ({@code -XX:ActiveProcessorCount=2}, the CI machine's size) and
 * asks it on which thread an asynchronous stage without an executor ran.
 */
class CommonPoolTest {

  @Test
  void onTwoCoresAsyncStagesStartAThreadEachWithoutEnsure() throws Exception {
    assertEquals("parallelism 1, own thread", probe(false));
  }

  @Test
  void onTwoCoresEnsurePutsAsyncStagesOnTheCommonPool() throws Exception {
    assertEquals("parallelism 2, pool thread", probe(true));
  }

  @Test
  void anExplicitParallelismWins() throws Exception {
    assertEquals("parallelism 1, own thread", probe(true, "-D" + CommonPool.PARALLELISM + "=1"));
  }

  private static String probe(boolean ensure, String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:ActiveProcessorCount=2"));
    command.addAll(List.of(options));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName(),
        Boolean.toString(ensure)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, process.waitFor(), out);
    return out;
  }

  /** Prints the common pool's parallelism and whether an async stage ran on a pool thread. */
  public static final class Probe {
    public static void main(String[] args) {
      int parallelism = Boolean.parseBoolean(args[0]) ? CommonPool.ensure()
          : java.util.concurrent.ForkJoinPool.getCommonPoolParallelism();
      boolean pooled = CompletableFuture.supplyAsync(() -> Thread.currentThread() instanceof ForkJoinWorkerThread)
          .join();
      System.out.println("parallelism " + parallelism + ", " + (pooled ? "pool thread" : "own thread"));
    }
  }
}
