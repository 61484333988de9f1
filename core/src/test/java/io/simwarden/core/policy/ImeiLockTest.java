package io.simwarden.core.policy;

import static io.simwarden.core.state.SimFixtures.DEVICE;
import static io.simwarden.core.state.SimFixtures.OTHER_MODEL;
import static io.simwarden.core.state.SimFixtures.SAME_MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.ValidationException;
import io.simwarden.core.id.Tac;
import io.simwarden.core.policy.ImeiLock.MismatchAction;
import io.simwarden.core.policy.ImeiLock.Mode;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImeiLockTest {

  @Test
  void offAdmitsEveryDeviceAndNeverBinds() {
    assertTrue(ImeiLock.OFF.admits(DEVICE));
    assertTrue(ImeiLock.OFF.admits(OTHER_MODEL));
    assertFalse(ImeiLock.OFF.awaitsBinding());
    assertNull(ImeiLock.OFF.imei());
  }

  @Test
  void pinnedAdmitsOnlyThePinnedImei() {
    ImeiLock lock = ImeiLock.pinned(DEVICE, MismatchAction.REJECT_ATTACH, false);
    assertTrue(lock.admits(DEVICE));
    assertFalse(lock.admits(SAME_MODEL));
    assertFalse(lock.admits(OTHER_MODEL));
    assertFalse(lock.awaitsBinding());
    assertEquals(DEVICE.value(), lock.expectation());
  }

  @Test
  void firstSeenAdmitsAnyDeviceUntilBoundThenOnlyThatOne() {
    ImeiLock unbound = ImeiLock.firstSeen(MismatchAction.REJECT_DATA, true);
    assertTrue(unbound.awaitsBinding());
    assertTrue(unbound.admits(OTHER_MODEL));

    ImeiLock bound = unbound.boundTo(DEVICE);
    assertFalse(bound.awaitsBinding());
    assertEquals(DEVICE, bound.imei());
    assertTrue(bound.admits(DEVICE));
    assertFalse(bound.admits(SAME_MODEL));
    assertEquals(MismatchAction.REJECT_DATA, bound.onMismatch());
    assertTrue(bound.suspendOnMismatch());
  }

  @Test
  void tacAllowlistAdmitsEveryUnitOfAnAllowedModel() {
    ImeiLock lock = ImeiLock.tacAllowlist(Set.of(DEVICE.tac()), MismatchAction.REJECT_ATTACH, false);
    assertTrue(lock.admits(DEVICE));
    assertTrue(lock.admits(SAME_MODEL));
    assertFalse(lock.admits(OTHER_MODEL));
  }

  @Test
  void tacAllowlistExpectationListsTheTacsSorted() {
    ImeiLock lock = ImeiLock.tacAllowlist(Set.of(Tac.of("86000000"), Tac.of("35693803"), Tac.of("49015420")),
        MismatchAction.REJECT_ATTACH, false);
    assertEquals("TAC in [35693803, 49015420, 86000000]", lock.expectation());
  }

  @Test
  void offAndTacAllowlistDiscardAnImei() {
    assertNull(new ImeiLock(Mode.OFF, DEVICE, Set.of(), MismatchAction.REJECT_ATTACH, false).imei());
    assertNull(new ImeiLock(Mode.TAC_ALLOWLIST, DEVICE, Set.of(DEVICE.tac()), MismatchAction.REJECT_ATTACH, false)
        .imei());
  }

  @Test
  void missingMismatchActionDefaultsToRejectAttach() {
    assertEquals(MismatchAction.REJECT_ATTACH, new ImeiLock(Mode.PINNED, DEVICE, null, null, false).onMismatch());
  }

  @Test
  void lockWithoutModeIsRejected() {
    ValidationException e = assertThrows(ValidationException.class,
        () -> new ImeiLock(null, DEVICE, Set.of(), MismatchAction.REJECT_ATTACH, false));
    assertEquals("imeiLock.mode", e.field());
  }

  @Test
  void pinnedLockWithoutImeiIsRejected() {
    ValidationException e = assertThrows(ValidationException.class,
        () -> ImeiLock.pinned(null, MismatchAction.REJECT_ATTACH, false));
    assertEquals("imeiLock.imei", e.field());
    assertEquals("PINNED needs the IMEI to pin to", e.problem());
  }

  @Test
  void tacAllowlistWithoutTacsIsRejected() {
    ValidationException e = assertThrows(ValidationException.class,
        () -> ImeiLock.tacAllowlist(Set.of(), MismatchAction.REJECT_ATTACH, false));
    assertEquals("imeiLock.allowedTacs", e.field());
  }
}
