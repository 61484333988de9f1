package io.simwarden.sim.archetype;

import io.simwarden.core.id.Apn;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.Rat;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.StepPlan;
import java.util.Set;

/**
 * How one kind of device behaves and how its SIMs are provisioned. Implementations are stateless: what
 * a SIM does in an interval is a function of the SIM's traits, the time and its own random stream,
 * plus the two bytes of live state in {@link FleetLayout} (current network, attached or not).
 */
public abstract class DeviceModel {

  /** The organisation (tenant) that owns this kind of device. */
  public abstract String organisation();

  public abstract Apn apn();

  public abstract FormFactor formFactor();

  /** The connectivity profile every SIM of this kind is provisioned with (one shared instance). */
  public abstract ConnectivityProfile profile();

  public abstract ImeiLock imeiLock();

  /** Radio technologies SIMs of this kind use; {@link #pickRat} chooses one per SIM for the whole run. */
  public abstract Rat[] rats();

  /** Chooses the index into {@link #rats()} of one SIM. */
  public abstract int pickRat(Rng rng);

  /** Type Allocation Codes of the device models in the fleet; each SIM gets one. */
  public abstract String[] modelTacs();

  /** Chooses a per-SIM variant (firmware, usage pattern …); meaning is up to the model. */
  public abstract int pickVariant(Rng rng);

  /** Firmware version a device of {@code variant} runs. */
  public abstract String firmware(int variant);

  /** Firmware versions known to be vulnerable (the fleet policy flags them at attach). */
  public Set<String> vulnerableFirmware() {
    return Set.of();
  }

  /** Whether a device of {@code variant} can be infected by telnet brute force (Mirai). */
  public boolean telnetVulnerable(int variant) {
    return false;
  }

  /** The device's own activity in one report interval, written into {@code plan}. */
  public abstract void step(DeviceStep s, StepPlan plan);

  /** Packets of a flow of {@code bytes} with roughly {@code segment}-byte packets. */
  protected static long packets(long bytes, int segment) {
    return Math.max(1, (bytes + segment - 1) / segment);
  }
}
