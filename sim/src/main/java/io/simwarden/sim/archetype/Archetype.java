package io.simwarden.sim.archetype;

import io.simwarden.sim.Named;

/** The kinds of device a simulated fleet is made of; each name is what scenario files use. */
public enum Archetype implements Named {
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
  @Override
  public String id() {
    return id;
  }

  public DeviceModel model() {
    return model;
  }

  @Override
  public String toString() {
    return id;
  }
}
