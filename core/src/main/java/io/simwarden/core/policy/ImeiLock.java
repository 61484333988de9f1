package io.simwarden.core.policy;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Tac;
import java.util.Set;

/**
 * Binds a SIM to its device.
 *
 * @param mode              how the allowed device is determined
 * @param imei              the pinned IMEI ({@link Mode#PINNED}) or the IMEI bound at the first accepted
 *                          attach ({@link Mode#FIRST_SEEN}, {@code null} until then); unused otherwise
 * @param allowedTacs       device models allowed ({@link Mode#TAC_ALLOWLIST})
 * @param onMismatch        what a mismatching device gets
 * @param suspendOnMismatch whether a mismatch also suspends the SIM
 */
public record ImeiLock(Mode mode, Imei imei, Set<Tac> allowedTacs, MismatchAction onMismatch,
    boolean suspendOnMismatch) {

  public enum Mode {
    OFF,
    FIRST_SEEN,
    PINNED,
    TAC_ALLOWLIST
  }

  public enum MismatchAction {
    /** The attach is accepted but no data is carried. */
    REJECT_DATA,
    /** The attach itself is refused. */
    REJECT_ATTACH
  }

  public static final ImeiLock OFF = new ImeiLock(Mode.OFF, null, Set.of(), MismatchAction.REJECT_ATTACH, false);

  public ImeiLock {
    if (mode == null) {
      throw new ValidationException("imeiLock.mode", "required: OFF, FIRST_SEEN, PINNED or TAC_ALLOWLIST");
    }
    allowedTacs = allowedTacs == null ? Set.of() : OrderedSets.byText(allowedTacs);
    if (onMismatch == null) {
      onMismatch = MismatchAction.REJECT_ATTACH;
    }
    if (mode == Mode.PINNED && imei == null) {
      throw new ValidationException("imeiLock.imei", "PINNED needs the IMEI to pin to");
    }
    if (mode == Mode.TAC_ALLOWLIST && allowedTacs.isEmpty()) {
      throw new ValidationException("imeiLock.allowedTacs", "TAC_ALLOWLIST needs at least one TAC (8 digits)");
    }
    if (mode == Mode.OFF || mode == Mode.TAC_ALLOWLIST) {
      imei = null;
    }
  }

  public static ImeiLock firstSeen(MismatchAction onMismatch, boolean suspendOnMismatch) {
    return new ImeiLock(Mode.FIRST_SEEN, null, Set.of(), onMismatch, suspendOnMismatch);
  }

  public static ImeiLock pinned(Imei imei, MismatchAction onMismatch, boolean suspendOnMismatch) {
    return new ImeiLock(Mode.PINNED, imei, Set.of(), onMismatch, suspendOnMismatch);
  }

  public static ImeiLock tacAllowlist(Set<Tac> tacs, MismatchAction onMismatch, boolean suspendOnMismatch) {
    return new ImeiLock(Mode.TAC_ALLOWLIST, null, tacs, onMismatch, suspendOnMismatch);
  }

  /** The lock after binding to {@code seen} at the first accepted attach. */
  public ImeiLock boundTo(Imei seen) {
    return new ImeiLock(mode, seen, allowedTacs, onMismatch, suspendOnMismatch);
  }

  /** True when a FIRST_SEEN lock has not bound a device yet. */
  public boolean awaitsBinding() {
    return mode == Mode.FIRST_SEEN && imei == null;
  }

  /** Whether {@code seen} is the device this lock allows. */
  public boolean admits(Imei seen) {
    switch (mode) {
      case OFF:
        return true;
      case FIRST_SEEN:
        return imei == null || imei.equals(seen);
      case PINNED:
        return imei.equals(seen);
      case TAC_ALLOWLIST:
        return allowedTacs.contains(seen.tac());
      default:
        throw new IllegalStateException("unknown mode " + mode);
    }
  }

  /** What the lock expected, for the mismatch event: an IMEI or the TAC list. */
  public String expectation() {
    return mode == Mode.TAC_ALLOWLIST ? "TAC in " + allowedTacs
        : String.valueOf(imei);
  }
}
