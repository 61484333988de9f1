package io.simwarden.sim.archetype;

import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Response;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.EncryptionPolicy;
import io.simwarden.core.policy.FormFactor;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.PlmnPolicy;
import io.simwarden.core.policy.PrivateNetwork;
import io.simwarden.core.policy.Quota;
import io.simwarden.core.policy.QuotaAction;
import io.simwarden.core.policy.QuotaPeriod;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.StepPlan;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Card payment terminal in a shop (60 %, Monday–Saturday 09:00–19:00) or a restaurant (40 %, daily
 * 11:00–23:00), removable SIM on LTE with the legacy 3G and 2G fallbacks many terminals still use.
 * Authorisations go to the acquirer as ISO 8583 over TLS (~3.5 kB each, up to ~10 an hour at lunch and
 * in the evening); an ISO 8583 network-management echo every 30 minutes keeps the link checked (~2 kB).
 * At night the terminal management system wakes it by SMS at about 01:50 and it downloads parameters
 * and blocklists (~40 kB) between 02:00 and 03:00; PCI PTS requires a daily reboot, done at about 03:00
 * (detach, re-attach a minute later). The firewall admits the acquirer's and TMS's range only; the IMEI
 * lock suspends the SIM if it shows up in another device.
 */
final class PaymentTerminal extends DeviceModel {

  static final int ACQUIRER = Networks.ip("192.0.2.80");
  static final int TMS = Networks.ip("192.0.2.90");
  private static final Rat[] RATS = {Rat.LTE, Rat.UMTS, Rat.GSM};
  private static final String[] TACS = {"35925406", "86012803"};
  private static final Apn APN = Apn.of("pos.acme");
  static final int RETAIL = 0;
  static final int RESTAURANT = 1;
  /** Authorisations per open hour, by hour of day. */
  private static final double[] RETAIL_RATE = {0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 6, 9, 10, 8, 6, 6, 7, 9, 9, 0, 0, 0, 0, 0};
  private static final double[] RESTAURANT_RATE =
      {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 10, 9, 4, 2, 2, 3, 6, 9, 10, 8, 5, 3};

  private static final ConnectivityProfile PROFILE = new ConnectivityProfile("payment-terminal",
      EnumSet.of(Service.DATA, Service.SMS_MT), EnumSet.of(Rat.LTE, Rat.UMTS, Rat.GSM),
      PlmnPolicy.homeOnly(Networks.home()), Set.of(APN), PrivateNetwork.NONE,
      new Quota(500_000_000, 80, QuotaAction.BLOCK, QuotaPeriod.MONTH), null, EncryptionPolicy.BLOCK,
      List.of(new FirewallRule("acquirer-and-tms", 10, RuleAction.ALLOW, Direction.UPLINK, Protocol.TCP,
          Cidr.of("192.0.2.64/27"), PortRange.single(443))),
      RuleAction.DENY, Map.of(AnomalyKind.PORT_SCAN, Response.QUARANTINE, AnomalyKind.DDOS_SOURCE,
          Response.QUARANTINE, AnomalyKind.NEW_DESTINATION, Response.QUARANTINE));

  PaymentTerminal() {
    super("acme-payments", APN, FormFactor.REMOVABLE, PROFILE, ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_ATTACH, true),
        "POS-7.9.14", TACS, RATS, 0.6, 0.25, 0.15);
  }

  @Override
  public int pickVariant(Rng rng) {
    return rng.chance(0.6) ? RETAIL : RESTAURANT;
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    Rng rng = s.rng();
    int hour = s.hour();
    long night = s.dayStart();
    long wakeSms = night + 110 * VirtualClock.MINUTE + s.phase() % (5 * VirtualClock.MINUTE);
    if (s.contains(wakeSms)) {
      plan.smsMt(wakeSms);
    }
    long reboot = night + 3 * VirtualClock.HOUR + s.phase() % (20 * VirtualClock.MINUTE);
    if (s.contains(reboot)) {
      plan.detach(s.stepStart());
      plan.attach(s.stepStart() + s.interval() / 2, s.attachRequest());
    }
    long acquirer = 0;
    int echoes = s.occurrences(30 * VirtualClock.MINUTE);
    for (int i = 0; i < echoes; i++) {
      acquirer += Math.round(rng.logNormal(2_000, 0.1));
    }
    boolean open = s.variant() == RESTAURANT || s.dayOfWeek() != 7;
    double rate = open ? (s.variant() == RETAIL ? RETAIL_RATE : RESTAURANT_RATE)[hour] : 0;
    int sales = rng.poisson(rate * s.hours());
    for (int i = 0; i < sales; i++) {
      acquirer += Math.round(rng.logNormal(3_500, 0.2));
    }
    if (acquirer > 0) {
      plan.normalFlow(ACQUIRER, Protocol.TCP, 443, Direction.UPLINK, acquirer, packets(acquirer, 500), true);
    }
    if (hour == 2 && s.occurrences(VirtualClock.HOUR) > 0) {
      long download = Math.round(rng.logNormal(40_000, 0.3));
      plan.normalFlow(TMS, Protocol.TCP, 443, Direction.UPLINK, download, packets(download, 1_300), true);
    }
  }
}
