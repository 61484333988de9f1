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

  private final String organisation;
  private final Apn apn;
  private final FormFactor formFactor;
  private final ConnectivityProfile profile;
  private final ImeiLock imeiLock;
  private final String firmware;
  private final String[] modelTacs;
  private final Rat[] rats;
  private final double[] ratShares;

  /**
   * @param organisation the tenant owning this kind of device
   * @param profile      the connectivity profile every SIM of this kind is provisioned with
   * @param firmware     the firmware the devices run (a model may vary it per variant)
   * @param modelTacs    Type Allocation Codes of the device models in the fleet; each SIM gets one
   * @param rats         radio technologies the SIMs use, with their shares of the fleet
   */
  protected DeviceModel(String organisation, Apn apn, FormFactor formFactor, ConnectivityProfile profile,
      ImeiLock imeiLock, String firmware, String[] modelTacs, Rat[] rats, double... ratShares) {
    if (rats.length != ratShares.length) {
      throw new IllegalArgumentException("one share per radio technology");
    }
    this.organisation = organisation;
    this.apn = apn;
    this.formFactor = formFactor;
    this.profile = profile;
    this.imeiLock = imeiLock;
    this.firmware = firmware;
    this.modelTacs = modelTacs;
    this.rats = rats;
    this.ratShares = ratShares;
  }

  public final String organisation() {
    return organisation;
  }

  public final Apn apn() {
    return apn;
  }

  public final FormFactor formFactor() {
    return formFactor;
  }

  public final ConnectivityProfile profile() {
    return profile;
  }

  public final ImeiLock imeiLock() {
    return imeiLock;
  }

  public final String[] modelTacs() {
    return modelTacs;
  }

  public final Rat[] rats() {
    return rats;
  }

  /** Chooses the index into {@link #rats()} of one SIM, for the whole run. */
  public final int pickRat(Rng rng) {
    double r = rng.nextDouble();
    for (int i = 0; i < ratShares.length - 1; i++) {
      r -= ratShares[i];
      if (r < 0) {
        return i;
      }
    }
    return ratShares.length - 1;
  }

  /** Chooses a per-SIM variant (firmware, usage pattern …); its meaning is up to the model. */
  public int pickVariant(Rng rng) {
    return 0;
  }

  /** Firmware version a device of {@code variant} runs. */
  public String firmware(int variant) {
    return firmware;
  }

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
