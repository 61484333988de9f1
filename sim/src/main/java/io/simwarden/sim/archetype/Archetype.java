package io.simwarden.sim.archetype;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of device a simulated fleet is made of; each name is what scenario files use. */
public enum Archetype {
  SMART_METER("smart-meter", new SmartMeter()),
  ASSET_TRACKER("asset-tracker", new AssetTracker()),
  IP_CAMERA("ip-camera", new IpCamera()),
  VEHICLE_TELEMATICS("vehicle-telematics", new VehicleTelematics()),
  PAYMENT_TERMINAL("payment-terminal", new PaymentTerminal()),
  MEDICAL_WEARABLE("medical-wearable", new MedicalWearable());

  private final String id;
  private final DeviceModel model;

  Archetype(String id, DeviceModel model) {
    this.id = id;
    this.model = model;
  }

  /** The name used in scenario files and reports, e.g. {@code smart-meter}. */
  public String id() {
    return id;
  }

  public DeviceModel model() {
    return model;
  }

  /** The archetype named {@code id}, or {@code null}. */
  public static Archetype byId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    for (Archetype a : values()) {
      if (a.id.equals(wanted)) {
        return a;
      }
    }
    return null;
  }

  /** All names, for error messages. */
  public static String ids() {
    return Arrays.stream(values()).map(Archetype::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
