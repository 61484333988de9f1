package io.simwarden.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.node.TestSims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How each way a body can be wrong is reported: a 400 naming the field as a path. No actor system. */
class JsonTest {

  private static String field(String json, Class<?> type) {
    ApiProblem p = assertThrows(ApiProblem.class, () -> Json.read(json.getBytes(), type), json);
    assertEquals(400, p.status().intValue(), p.getMessage());
    return p.field();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"imsi\":\"123\"}                                        | imsi",
      "{\"imsi\":123}                                            | imsi",
      "{\"iccid\":\"8933010000000000012\"}                       | iccid",
      "{\"imsi\":\"208010000000001\",\"bogus\":1}                | bogus",
      "{\"activate\":\"yes\"}                                    | activate",
      "{\"imeiLock\":{\"mode\":\"PINNED\"}}                      | imeiLock.imei",
      "{\"imeiLock\":{\"mode\":\"SOMETIMES\"}}                   | imeiLock.mode",
      "{\"device\":{\"firmwareVersion\":\"1.0\"}}                | device.formFactor",
      "{\"profile\":{\"name\":\"\"}}                             | profile.name",
      "{\"profile\":{\"name\":\"p\",\"services\":[\"FAX\"]}}     | profile.services[0]",
      "{\"profile\":{\"name\":\"p\",\"services\":[],\"rats\":[]}} | profile.rats",
      "{\"profile\":{\"name\":\"p\",\"services\":[],\"rats\":[\"LTE\"],\"plmns\":{\"any\":false}}} | profile.plmns.home",
      "{\"firewallRules\":[{\"id\":\"a\",\"action\":\"ALLOW\",\"remote\":\"10.0.0.1/8\"}]} | firewallRules[0].remote",
      "{\"firewallRules\":[{\"id\":\"a\",\"action\":\"ALLOW\"}]}  | firewallRules[0].remote",
      "{\"firewallRules\":[{\"id\":\"a\",\"priority\":1.5}]}     | firewallRules[0].priority",
      "{\"firewallRules\":[{\"id\":\"a\",\"priority\":99999999999}]} | firewallRules[0].priority",
      "{\"firewallRules\":{}}                                    | firewallRules",
      "{\"imsi\":\"208010000000001\"                             | body",
      "{\"imsi\":\"208010000000001\"} trailing                   | body",
      "{\"imsi\":\"208010000000001\",\"imsi\":\"208010000000002\"} | imsi",
      "[]                                                        | body",
      "null                                                      | body",
      "\"text\"                                                  | body",
  })
  void provisionBodies(String json, String field) {
    assertEquals(field, field(json.strip(), Requests.Provision.class));
  }

  @Test
  void aWholeBodyOfACoreTypeNamesFieldsAsCoreDoes() {
    assertEquals("name", field("{\"name\":\"\"}", ConnectivityProfile.class));
    assertEquals("imei", field("{\"mode\":\"PINNED\"}", ImeiLock.class));
    assertEquals("plmns.home", field("{\"name\":\"p\",\"services\":[],\"rats\":[\"LTE\"],\"plmns\":{}}",
        ConnectivityProfile.class));
    assertEquals("body", field("", ImeiLock.class));
  }

  @Test
  void numbersAndBooleansAreNotText() {
    assertEquals("reason", field("{\"reason\":5}", Requests.Lifecycle.class));
    assertEquals("reason", field("{\"reason\":true}", Requests.Lifecycle.class));
  }

  @Test
  void flowsAreCheckedFieldByField() {
    assertEquals("flows[0].port", field("{\"flows\":[{\"remote\":\"192.0.2.1\",\"protocol\":\"TCP\",\"port\":70000,"
        + "\"direction\":\"UPLINK\"}]}", Requests.Traffic.class));
    assertEquals("flows[0].remote", field("{\"flows\":[{\"remote\":\"999.1.1.1\"}]}", Requests.Traffic.class));
    assertEquals("flows[0].protocol", field("{\"flows\":[{\"remote\":\"192.0.2.1\",\"protocol\":\"ANY\","
        + "\"direction\":\"UPLINK\"}]}", Requests.Traffic.class));
    assertEquals("at", field("{\"flows\":[],\"at\":\"yesterday\"}", Requests.Traffic.class));
  }

  @Test
  void theTestProfileIsValid() {
    assertEquals("meter", Json.read(TestSims.PROFILE.getBytes(), ConnectivityProfile.class).name());
  }
}
