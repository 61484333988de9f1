package io.simwarden.core.event;

/** Why the network refused something a SIM tried to do. */
public enum RejectReason {
  SIM_NOT_PROVISIONED("no SIM with this IMSI is provisioned"),
  NOT_ACTIVATED("SIM is ISSUED and not yet activated"),
  SUSPENDED("SIM is SUSPENDED"),
  TERMINATED("SIM is TERMINATED"),
  IMEI_BLOCKLISTED("device IMEI is on the stolen-device blocklist"),
  RAT_NOT_ALLOWED("radio access technology not allowed by the profile"),
  PLMN_NOT_ALLOWED("network (PLMN) not allowed by the profile"),
  APN_NOT_ALLOWED("APN not allowed by the profile"),
  IMEI_MISMATCH("device IMEI does not match the IMEI lock"),
  SERVICE_NOT_ALLOWED("service not allowed by the profile"),
  DESTINATION_NOT_ALLOWED("called number's class not allowed by the profile"),
  NOT_ATTACHED("SIM has no accepted attach"),
  DATA_REFUSED("data refused for this device (IMEI lock)"),
  QUOTA_EXHAUSTED("quota exhausted for this period"),
  FIREWALL("flow denied by a firewall rule"),
  PRIVATE_NETWORK("destination outside the private network without internet breakout"),
  UNENCRYPTED("unencrypted flow leaving the private network"),
  INVALID_REQUEST("the request is malformed");

  private final String description;

  RejectReason(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
