package io.simwarden.sim.report;

import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.driver.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress line of {@code simwarden simulate}: a bar, simulated time, commands per second and
 * detections so far. On a terminal it redraws one line several times a second; otherwise (a pipe, a
 * CI log) it prints a line at every tenth of the run.
 */
public final class ProgressBar implements AutoCloseable {

  private static final int WIDTH = 28;
  private static final long REDRAW_MILLIS = 250;

  private final PrintWriter out;
  private final boolean interactive;
  private final long runMillis;
  private volatile Progress progress;
  private Thread painter;
  private long lastCommands;
  private long lastNanos;
  private double rate;
  private int lastDecile = -1;

  public ProgressBar(PrintWriter out, boolean interactive, long runMillis) {
    this.out = out;
    this.interactive = interactive;
    this.runMillis = runMillis;
  }

  /** Starts drawing {@code p} until {@link #close()}. */
  public synchronized void start(Progress p) {
    progress = p;
    lastNanos = System.nanoTime();
    painter = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        draw();
        try {
          Thread.sleep(REDRAW_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "simwarden-progress");
    painter.setDaemon(true);
    painter.start();
  }

  @Override
  public synchronized void close() {
    if (painter != null) {
      painter.interrupt();
      try {
        painter.join(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      painter = null;
      draw();
      if (interactive) {
        out.println();
      }
      out.flush();
    }
  }

  private synchronized void draw() {
    Progress p = progress;
    if (p == null) {
      return;
    }
    long now = System.nanoTime();
    long commands = p.commands();
    double seconds = (now - lastNanos) / 1e9;
    if (seconds > 0.05) {
      double instant = (commands - lastCommands) / seconds;
      rate = rate == 0 ? instant : 0.7 * rate + 0.3 * instant;
      lastCommands = commands;
      lastNanos = now;
    }
    double fraction = p.fraction();
    int decile = (int) (fraction * 10);
    if (!interactive && decile == lastDecile) {
      return;
    }
    lastDecile = decile;
    int filled = (int) Math.round(fraction * WIDTH);
    String cohort = p.cohorts() > 1 ? String.format(Locale.ROOT, " (SIMs %d/%d)", p.cohort() + 1, p.cohorts()) : "";
    String line = String.format(Locale.ROOT, "[%s%s] %3.0f%%  sim %s / %s%s  %,9.0f cmd/s  %,d detections",
        "#".repeat(filled), ".".repeat(WIDTH - filled), fraction * 100, VirtualClock.formatOffset(p.simulatedOffset()),
        VirtualClock.formatOffset(runMillis), cohort, rate, p.detections());
    if (interactive) {
      out.print("\r" + line + "   ");
    } else {
      out.println(line);
    }
    out.flush();
  }
}
