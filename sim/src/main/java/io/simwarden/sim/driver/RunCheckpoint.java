package io.simwarden.sim.driver;

import io.simwarden.sim.archetype.FleetLayout;
import io.simwarden.sim.attack.AttackPlan;
import io.simwarden.sim.scenario.Scenario;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's progress on a durable journal, saved at every boundary (the end of a usage window, with every SIM's
 * window closed in the journal) to {@code <out>/checkpoints/<keyspace>.ckpt}: which run it is (scenario, seed,
 * fleet size, duration, keyspace), the next phase to drive, the generator's live state (each SIM's network and
 * attach state, the attacks' own state), everything the recorder gathered, and each SIM's last journaled
 * sequence number. A finished run marks its file finished. Written to a temporary file, forced to disk and moved
 * over the previous one, so a run killed at any moment leaves the previous checkpoint or the new one.
 *
 * <p>Resuming restores the generator and recorder from it, deletes from the journal what SIMs wrote after their
 * checkpointed sequence number (the interrupted phase), and drives on from the next phase: the commands and the
 * events are the same as an uninterrupted run's.
 */
public final class RunCheckpoint {

  private static final int MAGIC = 0x53574b31; // "SWK1"

  /** Which run a checkpoint belongs to, and how far it got. */
  public record Header(String scenario, long seed, int devices, long durationMillis, String keyspace,
      boolean finished, int nextPhase, int phases, long elapsedMillis) {

    /** Why a checkpoint does not fit {@code s}, or null when it does. */
    public String mismatch(Scenario s) {
      if (!scenario.equals(s.name())) {
        return "scenario " + s.name() + " (the run simulated " + scenario + ")";
      }
      if (seed != s.seed()) {
        return "--seed " + s.seed() + " (the run used seed " + seed + ")";
      }
      if (devices != s.devices()) {
        return "--devices " + s.devices() + " (the run has " + devices + " SIMs)";
      }
      if (durationMillis != s.duration().toMillis()) {
        return "--duration " + Scenario.human(s.duration()) + " (the run lasts "
            + Scenario.human(java.time.Duration.ofMillis(durationMillis)) + ")";
      }
      return null;
    }
  }

  /** A loaded checkpoint: its header, and the state to restore with {@link #restore}. */
  public record Loaded(Header header, byte[] fleet, Map<Integer, long[]> attacks, byte[] recorder,
      long[] sequenceNrs) {

    /** Puts the generator's and the recorder's state back. */
    public void restore(FleetLayout layout, AttackPlan plan, RunRecorder into) {
      layout.restoreLiveState(fleet);
      plan.restoreState(attacks);
      try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(recorder))) {
        into.readFrom(in);
      } catch (IOException e) {
        throw new SimulationException("the checkpoint's recorder state is unreadable: " + e.getMessage(), e);
      }
    }
  }

  private RunCheckpoint() {}

  /** Where the checkpoint of the run on {@code keyspace} lives under the report directory {@code out}. */
  public static Path file(Path out, String keyspace) {
    return out.resolve("checkpoints").resolve(keyspace + ".ckpt");
  }

  /** Saves the run's state atomically. */
  public static void save(Path file, Header h, FleetLayout fleet, AttackPlan plan, RunRecorder recorder,
      long[] sequenceNrs) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
        out.writeInt(MAGIC);
        out.writeUTF(h.scenario());
        out.writeLong(h.seed());
        out.writeInt(h.devices());
        out.writeLong(h.durationMillis());
        out.writeUTF(h.keyspace());
        out.writeBoolean(h.finished());
        out.writeInt(h.nextPhase());
        out.writeInt(h.phases());
        out.writeLong(h.elapsedMillis());
        byte[] live = fleet.liveState();
        out.writeInt(live.length);
        out.write(live);
        Map<Integer, long[]> attacks = plan.saveState();
        out.writeInt(attacks.size());
        for (Map.Entry<Integer, long[]> e : attacks.entrySet()) {
          out.writeInt(e.getKey());
          out.writeInt(e.getValue().length);
          for (long v : e.getValue()) {
            out.writeLong(v);
          }
        }
        java.io.ByteArrayOutputStream rec = new java.io.ByteArrayOutputStream();
        try (DataOutputStream r = new DataOutputStream(rec)) {
          recorder.writeTo(r);
        }
        out.writeInt(rec.size());
        rec.writeTo(out);
        out.writeInt(sequenceNrs.length);
        for (long s : sequenceNrs) {
          out.writeLong(s);
        }
        out.flush();
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SimulationException("could not save the run's checkpoint to " + file + ": " + e.getMessage(), e);
    }
  }

  /** Marks a saved checkpoint finished (the run completed): it can no longer be resumed. */
  public static void markFinished(Path file, Header h, FleetLayout fleet, AttackPlan plan, RunRecorder recorder,
      long[] sequenceNrs) {
    save(file, new Header(h.scenario(), h.seed(), h.devices(), h.durationMillis(), h.keyspace(), true, h.phases(),
        h.phases(), h.elapsedMillis()), fleet, plan, recorder, sequenceNrs);
  }

  /** Reads a checkpoint; {@code null} when there is none. */
  public static Loaded load(Path file) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (in.readInt() != MAGIC) {
        throw new SimulationException(file + " is not a simwarden run checkpoint");
      }
      Header h = new Header(in.readUTF(), in.readLong(), in.readInt(), in.readLong(), in.readUTF(), in.readBoolean(),
          in.readInt(), in.readInt(), in.readLong());
      byte[] fleet = new byte[in.readInt()];
      in.readFully(fleet);
      int n = in.readInt();
      Map<Integer, long[]> attacks = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        int sim = in.readInt();
        long[] s = new long[in.readInt()];
        for (int j = 0; j < s.length; j++) {
          s[j] = in.readLong();
        }
        attacks.put(sim, s);
      }
      byte[] recorder = new byte[in.readInt()];
      in.readFully(recorder);
      long[] seqs = new long[in.readInt()];
      for (int i = 0; i < seqs.length; i++) {
        seqs[i] = in.readLong();
      }
      return new Loaded(h, fleet, attacks, recorder, seqs);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new SimulationException("could not read the run's checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  /** Sequence numbers for a fresh run: none checkpointed yet. */
  static long[] none(int fleetSize) {
    long[] s = new long[fleetSize];
    Arrays.fill(s, 0);
    return s;
  }
}
