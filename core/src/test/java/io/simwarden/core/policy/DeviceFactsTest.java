package io.simwarden.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simwarden.core.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceFactsTest {

  @Test
  void firmwareVersionIsTrimmed() {
    assertEquals("2.4.1", new DeviceFacts(FormFactor.EMBEDDED, "  2.4.1 ").firmwareVersion());
    assertEquals("2.4.1+build-7_rc", FirmwareVersions.check("v", "2.4.1+build-7_rc"));
  }

  @Test
  void unknownDeviceIsRemovableWithoutFirmware() {
    assertEquals(FormFactor.REMOVABLE, DeviceFacts.UNKNOWN.formFactor());
    assertNull(DeviceFacts.UNKNOWN.firmwareVersion());
  }

  @Test
  void withFirmwareKeepsTheFormFactor() {
    assertEquals(new DeviceFacts(FormFactor.EMBEDDED, "3.0"),
        new DeviceFacts(FormFactor.EMBEDDED, "2.0").withFirmware("3.0"));
  }

  @Test
  void formFactorIsRequired() {
    assertEquals("device.formFactor",
        assertThrows(ValidationException.class, () -> new DeviceFacts(null, "1.0")).field());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", ".1.0", "1.0 beta", "v1;rm", "é1"})
  void unacceptableFirmwareVersionsAreRejectedNamingTheField(String version) {
    ValidationException e = assertThrows(ValidationException.class, () -> FirmwareVersions.check("fw", version));
    assertEquals("fw", e.field());
  }

  @Test
  void firmwareVersionLongerThan64CharactersIsRejected() {
    assertEquals("6".repeat(64), FirmwareVersions.check("fw", "6".repeat(64)));
    assertThrows(ValidationException.class, () -> FirmwareVersions.check("fw", "6".repeat(65)));
  }
}
