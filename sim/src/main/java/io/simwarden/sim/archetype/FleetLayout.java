package io.simwarden.sim.archetype;

import io.simwarden.core.id.Imei;
import io.simwarden.core.policy.Rat;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.AttachRequest;

/**
 * The simulated fleet in primitive arrays: about eight bytes per SIM. Fixed traits (archetype, radio,
 * device model, variant, phase within the hour) are drawn once from the seed; two bytes of live state
 * (current network, attached) change as the run goes. SIM numbers are shuffled across archetypes so
 * that any slice of the fleet has the scenario's mix.
 */
public final class FleetLayout {

  private static final long TRAITS = 11;
  private static final long SHUFFLE = 12;
  private static final Archetype[] ARCHETYPES = Archetype.values();
  private static final byte DETACHED = 0;
  private static final byte WITH_DATA = 1;
  private static final byte WITHOUT_DATA = 2;

  private final int size;
  private final byte[] archetype;
  private final byte[] rat;
  private final byte[] model;
  private final byte[] variant;
  private final short[] phaseSeconds;
  private final byte[] network;
  private final byte[] attached;

  private FleetLayout(int size) {
    this.size = size;
    archetype = new byte[size];
    rat = new byte[size];
    model = new byte[size];
    variant = new byte[size];
    phaseSeconds = new short[size];
    network = new byte[size];
    attached = new byte[size];
  }

  /** A fleet with {@code counts[a]} SIMs of archetype {@code Archetype.values()[a]}. */
  public static FleetLayout create(int[] counts, long seed) {
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    if (total <= 0 || total > Identities.MAX_SIMS) {
      throw new IllegalArgumentException("fleet size must be 1-" + Identities.MAX_SIMS + ", got " + total);
    }
    FleetLayout f = new FleetLayout(total);
    int next = 0;
    for (int a = 0; a < counts.length; a++) {
      for (int i = 0; i < counts[a]; i++) {
        f.archetype[next++] = (byte) a;
      }
    }
    Rng shuffle = Rng.of(seed, SHUFFLE);
    for (int i = total - 1; i > 0; i--) {
      int j = shuffle.nextInt(i + 1);
      byte t = f.archetype[i];
      f.archetype[i] = f.archetype[j];
      f.archetype[j] = t;
    }
    Rng r = new Rng();
    for (int sim = 0; sim < total; sim++) {
      DeviceModel m = ARCHETYPES[f.archetype[sim]].model();
      r.reset(seed, sim, 0, TRAITS);
      f.rat[sim] = (byte) m.pickRat(r);
      f.model[sim] = (byte) r.nextInt(m.modelTacs().length);
      f.variant[sim] = (byte) m.pickVariant(r);
      f.phaseSeconds[sim] = (short) r.nextInt(3600);
      f.network[sim] = Networks.HOME;
    }
    return f;
  }

  public int size() {
    return size;
  }

  public Archetype archetype(int sim) {
    return ARCHETYPES[archetype[sim]];
  }

  public DeviceModel model(int sim) {
    return ARCHETYPES[archetype[sim]].model();
  }

  public Rat rat(int sim) {
    return model(sim).rats()[rat[sim]];
  }

  public int variant(int sim) {
    return variant[sim];
  }

  public long phaseMillis(int sim) {
    return phaseSeconds[sim] * 1000L;
  }

  public String firmware(int sim) {
    return model(sim).firmware(variant[sim]);
  }

  public boolean telnetVulnerable(int sim) {
    return model(sim).telnetVulnerable(variant[sim]);
  }

  public Imei imei(int sim) {
    return Identities.imei(model(sim).modelTacs()[model[sim]], sim);
  }

  public int network(int sim) {
    return network[sim];
  }

  public void setNetwork(int sim, int index) {
    network[sim] = (byte) index;
  }

  /** Whether the device believes it is attached (the network accepted its last attach). */
  public boolean attached(int sim) {
    return attached[sim] != DETACHED;
  }

  /** Whether the device is attached with data allowed (an IMEI lock may admit a device without data). */
  public boolean dataAllowed(int sim) {
    return attached[sim] == WITH_DATA;
  }

  /**
   * Records an attach (or the network's answer to one). Written by the generator when it sends an attach
   * and by the driver when the network answers; never concurrently for one SIM, and the driver's writes
   * happen before the SIM's next interval is generated.
   */
  public void setAttached(int sim, boolean withData) {
    attached[sim] = withData ? WITH_DATA : WITHOUT_DATA;
  }

  public void setDetached(int sim) {
    attached[sim] = DETACHED;
  }

  /** The live state (network, attached) of every SIM, for a run's checkpoint. */
  public byte[] liveState() {
    byte[] state = new byte[2 * size];
    System.arraycopy(network, 0, state, 0, size);
    System.arraycopy(attached, 0, state, size, size);
    return state;
  }

  /** Restores what {@link #liveState} returned. */
  public void restoreLiveState(byte[] state) {
    if (state.length != 2 * size) {
      throw new IllegalArgumentException("live state of " + state.length / 2 + " SIMs for a fleet of " + size);
    }
    System.arraycopy(state, 0, network, 0, size);
    System.arraycopy(state, size, attached, 0, size);
  }

  public AttachRequest attachRequest(int sim) {
    DeviceModel m = model(sim);
    return new AttachRequest(imei(sim), m.rats()[rat[sim]], Networks.plmn(network[sim]), m.apn());
  }

  /** SIMs per archetype, in {@link Archetype} order. */
  public int[] counts() {
    int[] c = new int[ARCHETYPES.length];
    for (int sim = 0; sim < size; sim++) {
      c[archetype[sim]]++;
    }
    return c;
  }
}
