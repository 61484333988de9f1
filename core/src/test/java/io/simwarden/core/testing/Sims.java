package io.simwarden.core.testing;

import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.Iccid;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.Luhn;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.EncryptionPolicy;
import io.simwarden.core.policy.PlmnPolicy;
import io.simwarden.core.policy.PrivateNetwork;
import io.simwarden.core.policy.Quota;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test data for SIM scenarios: identifiers, a meter profile, flows. Shared with other modules' tests. */
public final class Sims {
  public static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  public static final Plmn HOME = Plmn.of("20801");
  public static final Plmn VISITED = Plmn.of("26201");
  public static final Apn METER_APN = Apn.of("meters.acme");
  public static final Imei DEVICE = Imei.fromBody("35693803564380");
  public static final Imei OTHER_DEVICE = Imei.fromBody("86753090000001");
  public static final IpAddress HEADEND = IpAddress.of("198.51.100.10");
  public static final IpAddress STRANGER = IpAddress.of("203.0.113.7");

  private Sims() {}

  /** The n-th test IMSI in the home network. */
  public static Imsi imsi(int n) {
    return Imsi.of(String.format("20801%010d", n));
  }

  /** The n-th test ICCID (19 digits, valid Luhn). */
  public static Iccid iccid(int n) {
    String body = String.format("893301%012d", n);
    return Iccid.of(body + Luhn.checkDigit(body));
  }

  /** A smart-meter profile: data on LTE-M/NB-IoT at home only, one APN, firewall allowing the head-end. */
  public static ConnectivityProfile meterProfile() {
    return new ConnectivityProfile("meter", EnumSet.of(Service.DATA), EnumSet.of(Rat.LTE_M, Rat.NB_IOT),
        PlmnPolicy.homeOnly(HOME), Set.of(METER_APN), PrivateNetwork.NONE, null, null, EncryptionPolicy.ALLOW,
        List.of(new FirewallRule("headend", 10, RuleAction.ALLOW, Direction.BOTH, Protocol.TCP,
            Cidr.of("198.51.100.0/24"), PortRange.single(443))),
        RuleAction.DENY, Map.of());
  }

  /** The meter profile with eCall-style voice: emergency services and home-country numbers only. */
  public static ConnectivityProfile eCallProfile() {
    ConnectivityProfile p = meterProfile();
    return new ConnectivityProfile("ecall", EnumSet.of(Service.DATA, Service.VOICE), p.rats(), p.plmns(), p.apns(),
        p.privateNetwork(), p.dataQuota(), p.smsQuota(), p.unencrypted(), p.firewallRules(), p.defaultAction(),
        p.responses(), EnumSet.of(CallDestination.EMERGENCY, CallDestination.DOMESTIC));
  }

  public static ConnectivityProfile meterProfileWithDataQuota(Quota quota) {
    ConnectivityProfile p = meterProfile();
    return new ConnectivityProfile(p.name(), p.services(), p.rats(), p.plmns(), p.apns(), p.privateNetwork(), quota,
        p.smsQuota(), p.unencrypted(), p.firewallRules(), p.defaultAction(), p.responses());
  }

  public static Flow toHeadend(long bytes) {
    return new Flow(HEADEND, Protocol.TCP, 443, Direction.UPLINK, bytes, Math.max(1, bytes / 500), true);
  }

  public static Flow telnetProbe(IpAddress target) {
    return new Flow(target, Protocol.TCP, 23, Direction.UPLINK, 60, 1, false);
  }
}
