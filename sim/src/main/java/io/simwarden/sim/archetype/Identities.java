package io.simwarden.sim.archetype;

import io.simwarden.core.id.Iccid;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Luhn;

/**
 * Identifiers of simulated SIM number {@code sim} (0-based): IMSI 208-01 + a 10-digit MSIN, ICCID
 * 89-33-01 + 12 digits + Luhn digit, and the IMEI of its device: the model's TAC + a 6-digit serial.
 */
public final class Identities {

  /** Largest fleet the 10-digit MSIN range holds. */
  public static final int MAX_SIMS = 100_000_000;

  private static final char[] IMSI_PREFIX = "20801".toCharArray();

  private Identities() {}

  /** The 15-digit IMSI of SIM {@code sim}: also its entity id. */
  public static String imsi(int sim) {
    char[] c = new char[15];
    System.arraycopy(IMSI_PREFIX, 0, c, 0, 5);
    long msin = sim + 1L;
    for (int i = 14; i >= 5; i--) {
      c[i] = (char) ('0' + msin % 10);
      msin /= 10;
    }
    return new String(c);
  }

  /** The SIM index of an IMSI made by {@link #imsi}. */
  public static int sim(String imsi) {
    return (int) (Long.parseLong(imsi.substring(5)) - 1);
  }

  public static Iccid iccid(int sim) {
    String body = String.format("893301%012d", sim + 1L);
    return Iccid.of(body + Luhn.checkDigit(body));
  }

  /** The device of SIM {@code sim}: serials are unique per model for up to a million SIMs of that model. */
  public static Imei imei(String tac, int sim) {
    return Imei.fromBody(tac + String.format("%06d", sim % 1_000_000));
  }
}
