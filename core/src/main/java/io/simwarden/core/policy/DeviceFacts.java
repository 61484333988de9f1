package io.simwarden.core.policy;

import io.simwarden.core.ValidationException;

/**
 * What the operator knows about the device the SIM lives in.
 *
 * @param formFactor      removable SIM or embedded eSIM
 * @param firmwareVersion the device firmware version last reported ({@code null} when unknown)
 */
public record DeviceFacts(FormFactor formFactor, String firmwareVersion) {

  public static final DeviceFacts UNKNOWN = new DeviceFacts(FormFactor.REMOVABLE, null);

  public DeviceFacts {
    if (formFactor == null) {
      throw new ValidationException("device.formFactor", "required: REMOVABLE or EMBEDDED");
    }
    if (firmwareVersion != null) {
      firmwareVersion = FirmwareVersions.check("device.firmwareVersion", firmwareVersion);
    }
  }

  public DeviceFacts withFirmware(String version) {
    return new DeviceFacts(formFactor, version);
  }
}
