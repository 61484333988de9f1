package io.simwarden.core.entity;

import com.typesafe.config.Config;
import io.simwarden.core.ValidationException;
import io.simwarden.core.detect.DetectorSettings;
import io.simwarden.core.event.SimTags;
import io.simwarden.core.state.RequestKeys;
import java.time.Duration;

/**
 * Settings of every SIM entity, read once from {@code simwarden.sim} and {@code simwarden.detect} (see core's
 * reference.conf).
 *
 * @param usageWindow           length of a usage window; must divide 24 h
 * @param maxWindowEndpoints    distinct remote endpoints named per usage window
 * @param maxBlockedEndpoints   distinct endpoints named per blocked-flows event
 * @param snapshotEvery         events between snapshots; 0 disables snapshots (in-memory journal runs)
 * @param askTimeout            how long callers wait for an entity's reply
 * @param learningWindows       usage windows a SIM only learns from before its anomaly detectors run
 *                              ({@code simwarden.detect.learning-windows})
 * @param deleteEventsOnSnapshot whether a snapshot deletes the events it makes unnecessary for recovery (only the
 *                              memory journal does this, to bound its heap; a durable journal keeps every event)
 * @param sliceTags             which events carry a read-side slice tag ({@code simwarden.sim.slice-tags})
 * @param detect                thresholds of the detectors of quiet attacks ({@code simwarden.detect})
 * @param requestKeys           how many clients' keyed requests a SIM remembers ({@code simwarden.sim.request-keys})
 */
public record SimSettings(Duration usageWindow, int maxWindowEndpoints, int maxBlockedEndpoints, int snapshotEvery,
    Duration askTimeout, int learningWindows, boolean deleteEventsOnSnapshot, SimTags.Coverage sliceTags,
    DetectorSettings detect, RequestKeys.Bounds requestKeys) {

  /** Detectors learn for this many usage windows unless configured otherwise. */
  public static final int DEFAULT_LEARNING_WINDOWS = 6;

  public SimSettings {
    detect = detect == null ? DetectorSettings.DEFAULTS : detect;
    requestKeys = requestKeys == null ? RequestKeys.Bounds.DEFAULT : requestKeys;
    sliceTags = sliceTags == null ? SimTags.Coverage.STATUS_AND_ALERTS : sliceTags;
    long ms = usageWindow.toMillis();
    if (ms < 60_000 || 86_400_000L % ms != 0) {
      throw new ValidationException("simwarden.sim.usage-window",
          "must be at least 1 minute and divide 24h evenly (e.g. 15m, 1h, 6h), got " + usageWindow);
    }
    if (maxWindowEndpoints < 1 || maxWindowEndpoints > 1024) {
      throw new ValidationException("simwarden.sim.max-window-endpoints", "must be 1-1024, got " + maxWindowEndpoints);
    }
    if (maxBlockedEndpoints < 1 || maxBlockedEndpoints > 1024) {
      throw new ValidationException("simwarden.sim.max-blocked-endpoints",
          "must be 1-1024, got " + maxBlockedEndpoints);
    }
    if (snapshotEvery < 0) {
      throw new ValidationException("simwarden.sim.snapshot-every", "must be 0 (off) or positive, got "
          + snapshotEvery);
    }
    if (learningWindows < 1 || learningWindows > 10_000) {
      throw new ValidationException("simwarden.detect.learning-windows", "must be 1-10000, got " + learningWindows);
    }
    if (deleteEventsOnSnapshot && snapshotEvery == 0) {
      throw new ValidationException("simwarden.sim.delete-events-on-snapshot",
          "needs snapshots: set simwarden.sim.snapshot-every to a positive number, or turn this off");
    }
  }

  /** Settings with the default slice tags (lifecycle events and alerts) and detector thresholds. */
  public SimSettings(Duration usageWindow, int maxWindowEndpoints, int maxBlockedEndpoints, int snapshotEvery,
      Duration askTimeout, int learningWindows, boolean deleteEventsOnSnapshot) {
    this(usageWindow, maxWindowEndpoints, maxBlockedEndpoints, snapshotEvery, askTimeout, learningWindows,
        deleteEventsOnSnapshot, SimTags.Coverage.STATUS_AND_ALERTS, DetectorSettings.DEFAULTS, null);
  }

  /** Settings with the default learning period of the detectors. */
  public SimSettings(Duration usageWindow, int maxWindowEndpoints, int maxBlockedEndpoints, int snapshotEvery,
      Duration askTimeout) {
    this(usageWindow, maxWindowEndpoints, maxBlockedEndpoints, snapshotEvery, askTimeout, DEFAULT_LEARNING_WINDOWS,
        false);
  }

  public static SimSettings fromConfig(Config root) {
    Config c = root.getConfig("simwarden.sim");
    return new SimSettings(c.getDuration("usage-window"), c.getInt("max-window-endpoints"),
        c.getInt("max-blocked-endpoints"), c.getInt("snapshot-every"), c.getDuration("ask-timeout"),
        root.getInt("simwarden.detect.learning-windows"), c.getBoolean("delete-events-on-snapshot"),
        SimTags.Coverage.parse(c.getString("slice-tags")), detectorSettings(root.getConfig("simwarden.detect")),
        new RequestKeys.Bounds(c.getInt("request-keys.keys"), c.getDuration("request-keys.window")));
  }

  private static DetectorSettings detectorSettings(Config d) {
    return new DetectorSettings(d.getDouble("alert-tail"), d.getBytes("new-destination-day-floor"),
        d.getDouble("new-destination-day-ratio"), d.getDouble("drift-alarm"), d.getInt("drift-part-windows"));
  }
}
