package io.simwarden.sim.random;

/**
 * A small, fast random generator (SplitMix64) whose stream is a pure function of the keys it is reset
 * with. The simulator resets one instance per (seed, SIM, step, purpose) instead of keeping a generator
 * per SIM: the numbers a SIM sees then depend only on who it is and when, never on how many other SIMs
 * were simulated before it or in which order, and no generator state has to be stored per SIM.
 *
 * <p>Not thread-safe: each generating thread owns its instances.
 */
public final class Rng {

  private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

  private long state;

  /** A generator for {@code keys}; equal keys give equal streams. */
  public static Rng of(long... keys) {
    Rng r = new Rng();
    r.state = fold(keys);
    return r;
  }

  /** Restarts this generator on the stream of {@code (a, b, c, d)}. */
  public Rng reset(long a, long b, long c, long d) {
    state = mix(mix(mix(mix(a) ^ b * GOLDEN) ^ c * 0xC2B2_AE3D_27D4_EB4FL) ^ d * 0x1656_67B1_9E37_79F9L);
    return this;
  }

  private static long fold(long[] keys) {
    long h = 0x243F_6A88_85A3_08D3L;
    for (long k : keys) {
      h = mix(h ^ k * GOLDEN);
    }
    return h;
  }

  /** The SplitMix64 finaliser: a bijective avalanche of 64 bits. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  public int nextInt() {
    return (int) (nextLong() >>> 32);
  }

  /** Uniform in {@code [0, bound)}; {@code bound > 0}. */
  public int nextInt(int bound) {
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Uniform in {@code [0, bound)}; {@code bound > 0}. */
  public long nextLong(long bound) {
    long r = nextLong() >>> 1;
    return r % bound;
  }

  /** Uniform in {@code [0, 1)}. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  public boolean chance(double p) {
    return nextDouble() < p;
  }

  /** Standard normal (Box-Muller; one value per call keeps the stream position predictable). */
  public double gaussian() {
    double u = 1.0 - nextDouble();
    double v = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }

  /** Log-normal with the given median and shape {@code sigma} (0 = always the median). */
  public double logNormal(double median, double sigma) {
    return sigma == 0 ? median : median * Math.exp(sigma * gaussian());
  }

  /** Exponential with the given mean. */
  public double exponential(double mean) {
    return -mean * Math.log(1.0 - nextDouble());
  }

  /** Poisson-distributed count with the given mean (Knuth below 30, a rounded normal above). */
  public int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean < 30) {
      double limit = Math.exp(-mean);
      double p = nextDouble();
      int k = 0;
      while (p > limit) {
        p *= nextDouble();
        k++;
      }
      return k;
    }
    return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
  }
}
