package io.simwarden.node;

import io.simwarden.core.testing.Sims;

/** Request bodies of the API tests, written as a client would write them. */
public final class TestSims {
  private TestSims() {}

  public static final String PROFILE = """
      {"name":"meter","services":["DATA"],"rats":["LTE_M","NB_IOT"],
       "plmns":{"any":false,"home":"20801","roamingAllowlist":[]},
       "apns":["meters.acme"],
       "firewallRules":[{"id":"headend","priority":10,"action":"ALLOW","direction":"BOTH","protocol":"TCP",
                         "remote":"198.51.100.0/24","ports":"443"}],
       "defaultAction":"DENY"}""";

  public static String imsi(int n) {
    return Sims.imsi(n).toString();
  }

  public static String provision(int n, String organisation, boolean activate) {
    return "{\"imsi\":\"" + imsi(n) + "\",\"iccid\":\"" + Sims.iccid(n) + "\","
        + (organisation == null ? "" : "\"organisation\":\"" + organisation + "\",")
        + "\"profile\":" + PROFILE + ",\"imeiLock\":{\"mode\":\"FIRST_SEEN\",\"onMismatch\":\"REJECT_ATTACH\"},"
        + "\"device\":{\"formFactor\":\"REMOVABLE\",\"firmwareVersion\":\"4.2.0\"},\"activate\":" + activate + "}";
  }

  public static final String ATTACH = "{\"imei\":\"" + Sims.DEVICE + "\",\"rat\":\"NB_IOT\",\"plmn\":\"20801\","
      + "\"apn\":\"meters.acme\"}";

  public static final String HEADEND_TRAFFIC = """
      {"flows":[{"remote":"198.51.100.10","protocol":"TCP","port":443,"direction":"UPLINK","bytes":2000,
                 "packets":12,"encrypted":true}]}""";

  /** A five-minute call to an IRSF range, which the meter profile (data only) refuses. */
  public static final String IRSF_CALL = "{\"destination\":\"IRSF_RANGE\",\"seconds\":300}";

  public static final String TELNET_PROBE = """
      {"flows":[{"remote":"203.0.113.7","protocol":"TCP","port":23,"direction":"UPLINK","bytes":60,"packets":1,
                 "encrypted":false}]}""";
}
