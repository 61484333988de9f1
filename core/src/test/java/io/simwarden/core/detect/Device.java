package io.simwarden.core.detect;

import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.EncryptionPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.PlmnPolicy;
import io.simwarden.core.policy.PrivateNetwork;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A device of one of the six archetypes behaving normally, with seeded per-SIM variation (volume
 * scale, day/night ratio, start time, schedules), driving its {@link Twin} one 5-minute report interval
 * at a time: one traffic report per interval with traffic, attaches, detaches and SMS as the device does
 * them. Vehicles and wearables also make calls: breakdown and dispatch calls, a patient's calls to the
 * caregiver, now and then an emergency call, at several times the real rates. Attacks add flows, attaches,
 * SMS or calls through {@link #extra} and the twin.
 */
final class Device {

  enum Archetype { METER, TRACKER, CAMERA, VEHICLE, PAYMENT, WEARABLE }

  static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");
  static final Duration STEP = Duration.ofMinutes(5);
  static final Plmn HOME = Plmn.of("20801");
  /** Partner networks across borders of the home network (all MCC zone 2). */
  static final List<Plmn> PARTNERS = List.of(Plmn.of("20601"), Plmn.of("20404"), Plmn.of("26201"),
      Plmn.of("21407"), Plmn.of("22201"), Plmn.of("22801"));
  static final Imei OWN_DEVICE = Imei.fromBody("35412611000017");
  /** A phone: another model than any device of the fleet. */
  static final Imei PHONE = Imei.fromBody("35328115123456");

  final Archetype kind;
  final Twin twin;
  final Random random;
  final Apn apn;
  final Rat rat;
  /** Volume multiplier of this SIM. */
  final double scale;
  /** Day/night ratio of a camera's stream. */
  final double dayNight;
  final int variant;
  final int dailyMinute;
  Plmn network = HOME;
  boolean attached;
  /** Flows an attack adds to the next report. */
  final List<Flow> extra = new ArrayList<>();

  Device(Archetype kind, long seed, Instant start) {
    this.kind = kind;
    this.random = new Random(seed);
    this.apn = Apn.of(kind.name().toLowerCase() + ".acme");
    this.rat = kind == Archetype.VEHICLE || kind == Archetype.CAMERA ? Rat.LTE : Rat.LTE_M;
    this.scale = Math.exp(random.nextGaussian() * 0.6);
    this.dayNight = 4 + random.nextDouble() * 6;
    this.variant = random.nextInt(3);
    this.dailyMinute = random.nextInt(24 * 60);
    this.twin = new Twin(profile(kind, apn), ImeiLock.firstSeen(ImeiLock.MismatchAction.REJECT_ATTACH, false), start);
  }

  static ConnectivityProfile profile(Archetype kind, Apn apn) {
    Set<Plmn> partners = Set.copyOf(PARTNERS);
    return switch (kind) {
      case METER -> new ConnectivityProfile("meter", EnumSet.of(Service.DATA), EnumSet.of(Rat.LTE_M, Rat.NB_IOT),
          PlmnPolicy.homeOnly(HOME), Set.of(apn), new PrivateNetwork(true, List.of(Cidr.of("10.20.0.0/16")), false),
          null, null, EncryptionPolicy.BLOCK, List.of(allow("utility", "10.20.0.0/16", PortRange.ANY)),
          RuleAction.DENY, Map.of());
      case TRACKER -> new ConnectivityProfile("tracker", EnumSet.of(Service.DATA, Service.SMS_MO),
          EnumSet.of(Rat.LTE_M, Rat.NB_IOT), new PlmnPolicy(false, HOME, partners), Set.of(apn), PrivateNetwork.NONE,
          null, null, EncryptionPolicy.ALERT, List.of(allow("mqtt", "203.0.113.16/28", PortRange.single(8883))),
          RuleAction.DENY, Map.of());
      case CAMERA -> new ConnectivityProfile("camera", EnumSet.of(Service.DATA), EnumSet.of(Rat.LTE),
          PlmnPolicy.homeOnly(HOME), Set.of(apn), PrivateNetwork.NONE, null, null, EncryptionPolicy.ALLOW, List.of(),
          RuleAction.ALLOW, Map.of());
      case VEHICLE -> new ConnectivityProfile("vehicle",
          EnumSet.of(Service.DATA, Service.SMS_MO, Service.SMS_MT, Service.VOICE),
          EnumSet.of(Rat.LTE, Rat.LTE_M), new PlmnPolicy(false, HOME, partners), Set.of(apn), PrivateNetwork.NONE,
          null, null, EncryptionPolicy.BLOCK, List.of(allow("backend", "192.0.2.16/28", PortRange.single(8883))),
          RuleAction.DENY, Map.of(),
          EnumSet.of(CallDestination.EMERGENCY, CallDestination.DOMESTIC, CallDestination.INTERNATIONAL));
      case PAYMENT -> new ConnectivityProfile("payment", EnumSet.of(Service.DATA, Service.SMS_MT),
          EnumSet.of(Rat.LTE_M), PlmnPolicy.homeOnly(HOME), Set.of(apn), PrivateNetwork.NONE, null, null,
          EncryptionPolicy.BLOCK, List.of(allow("acquirer", "198.18.0.0/24", PortRange.single(443)),
              allow("tms", "198.18.7.0/24", PortRange.single(443))), RuleAction.DENY, Map.of());
      case WEARABLE -> new ConnectivityProfile("wearable", EnumSet.of(Service.DATA, Service.SMS_MO, Service.VOICE),
          EnumSet.of(Rat.LTE_M), new PlmnPolicy(false, HOME, partners), Set.of(apn), PrivateNetwork.NONE, null, null,
          EncryptionPolicy.BLOCK, List.of(allow("health", "203.0.113.64/28", PortRange.single(443))),
          RuleAction.DENY, Map.of(), EnumSet.of(CallDestination.EMERGENCY, CallDestination.DOMESTIC));
    };
  }

  private static FirewallRule allow(String id, String cidr, PortRange ports) {
    return new FirewallRule(id, 10, RuleAction.ALLOW, Direction.BOTH, Protocol.ANY, Cidr.of(cidr), ports);
  }

  /** Runs the device normally from {@code start} for {@code length}. */
  void run(Instant start, Duration length) {
    for (Instant at = start; at.isBefore(start.plus(length)); at = at.plus(STEP)) {
      step(at);
    }
  }

  /** One report interval starting at {@code at}. */
  void step(Instant at) {
    int minuteOfDay = (int) (at.getEpochSecond() / 60 % 1440);
    int hour = minuteOfDay / 60;
    boolean hourStart = minuteOfDay % 60 == 0;
    boolean weekend = at.atZone(ZoneOffset.UTC).getDayOfWeek().getValue() >= 6;
    Map<String, Flow> flows = new LinkedHashMap<>();
    if (!attached) {
      attach(at.plusSeconds(5));
    }
    switch (kind) {
      case METER -> {
        if (minuteOfDay % 60 == 25) {
          long bytes = logNormal(1_400 * scale, 0.2) + (hour == 1 ? logNormal(24_000 * scale, 0.15) : 0);
          add(flows, "10.20.1.10", Protocol.TCP, 4059, bytes, 200, true);
          if (hour % 6 == 0) {
            add(flows, "10.20.0.123", Protocol.UDP, 123, 96, 48, false);
          }
        }
        if (minuteOfDay / 5 == dailyMinute / 5) {
          attach(at.plusSeconds(30));
        }
      }
      case TRACKER -> {
        boolean transitDay = dayRandom(at, 1).nextDouble() < (weekend ? 0.25 : 0.65);
        boolean moving = transitDay && hour >= 6 && hour < 20;
        if (moving ? minuteOfDay % 15 == 0 : hourStart) {
          if (moving && random.nextDouble() < 0.01) {
            network = network.equals(HOME) ? PARTNERS.get(random.nextInt(PARTNERS.size())) : HOME;
            attach(at.plusSeconds(60));
          }
          add(flows, "203.0.113.20", Protocol.TCP, 8883, logNormal(450 * scale, 0.25), 90, true);
        }
      }
      case CAMERA -> {
        double dayFactor = hour >= 8 && hour < 19 ? 1 : hour >= 6 && hour < 22 ? 0.5 : 1 / dayNight;
        add(flows, "198.51.100.40", Protocol.TCP, 443, logNormal(384 * 125.0 * 300 * scale * dayFactor, 0.3), 1_300,
            true);
        int calls = poisson((hour >= 7 && hour < 20 ? 3.0 : 0.5) / 12) + (hourStart ? 1 : 0);
        for (int i = 0; i < calls; i++) {
          add(flows, "198.51.100.41", Protocol.TCP, 443, logNormal(2_500, 0.2), 500, true);
        }
        if (hourStart) {
          add(flows, "198.51.100.123", Protocol.UDP, 123, 96, 48, false);
        }
        if (minuteOfDay == 180) {
          twin.detach(at);
          attach(at.plusSeconds(90));
        }
      }
      case VEHICLE -> {
        boolean driving = false;
        boolean ignition = false;
        Random day = dayRandom(at, 2);
        int trips = variant == 2 ? 1 : 2 + (day.nextDouble() < 0.4 ? 1 : 0);
        for (int t = 0; t < trips; t++) {
          int startMinute = variant == 2 ? 360 + day.nextInt(60) : 420 + t * 300 + day.nextInt(90);
          int endMinute = startMinute + (variant == 2 ? 840 : 20 + day.nextInt(70));
          driving |= minuteOfDay >= startMinute && minuteOfDay < endMinute && !(weekend && variant == 2);
          ignition |= minuteOfDay / 5 == startMinute / 5 && !(weekend && variant == 2);
        }
        long bytes = 0;
        if (driving) {
          bytes = logNormal(1_800 * scale, 0.3) + (ignition ? logNormal(3_000, 0.2) : 0);
          if (ignition) {
            attach(at.plusSeconds(10));
          }
          if (variant == 2 && random.nextDouble() < 0.05 / 12) {
            network = network.equals(HOME) ? PARTNERS.get(random.nextInt(PARTNERS.size())) : HOME;
            attach(at.plusSeconds(100));
          }
        } else if (hourStart) {
          bytes = logNormal(2_500, 0.2);
        }
        if (bytes > 0) {
          add(flows, "192.0.2.20", Protocol.TCP, 8883, bytes, 400, true);
        }
        calls(at, minuteOfDay, 0.4, 10, variant == 2 ? CallDestination.INTERNATIONAL : CallDestination.DOMESTIC);
      }
      case PAYMENT -> {
        long acquirer = minuteOfDay % 30 == 0 ? logNormal(2_000, 0.1) : 0;
        double rate = hour >= 8 && hour < 21 ? (variant + 1) * 8 * scale * Math.sin(Math.PI * (hour - 7) / 14) : 0;
        int sales = poisson(rate / 12);
        for (int i = 0; i < sales; i++) {
          acquirer += logNormal(3_500, 0.2);
        }
        if (acquirer > 0) {
          add(flows, "198.18.0.10", Protocol.TCP, 443, acquirer, 500, true);
        }
        if (minuteOfDay == 120 + (dailyMinute % 12) * 5) {
          add(flows, "198.18.7.20", Protocol.TCP, 443, logNormal(40_000, 0.3), 1_300, true);
        }
        if (minuteOfDay == 110) {
          twin.sms(Service.SMS_MT, at.plusSeconds(20));
        }
        if (minuteOfDay == 180) {
          twin.detach(at);
          attach(at.plusSeconds(150));
        }
      }
      case WEARABLE -> {
        int chargeMinute = (19 + variant) * 60;
        if (minuteOfDay == chargeMinute) {
          twin.detach(at);
        } else if (minuteOfDay == chargeMinute + 60) {
          attach(at.plusSeconds(10));
        }
        if (minuteOfDay < chargeMinute || minuteOfDay >= chargeMinute + 60) {
          long bytes = minuteOfDay % 15 == 0 ? logNormal((hour >= 7 && hour < 22 ? 3_000 : 1_400) * scale, 0.25) : 0;
          if (random.nextDouble() < 0.05 / 12) {
            bytes += logNormal(20_000, 0.2);
          }
          if (bytes > 0) {
            add(flows, "203.0.113.70", Protocol.TCP, 443, bytes, 600, true);
          }
          if (random.nextDouble() < 0.1 / 12) {
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
              twin.sms(Service.SMS_MO, at.plusSeconds(40 + i));
            }
          }
          calls(at, minuteOfDay, 1.5, 8, CallDestination.DOMESTIC);
        }
      }
    }
    List<Flow> report = new ArrayList<>(flows.values());
    report.addAll(extra);
    extra.clear();
    if (!report.isEmpty()) {
      twin.traffic(report, at.plus(STEP).minusSeconds(1));
    }
  }

  /**
   * The day's benign calls that start in this interval: about {@code perDay} a day at random minutes, up to
   * {@code maxMinutes} long, to home-country numbers, one in four to {@code other}, one in twenty an
   * emergency call. Drawn from a stream of their own, so that the rest of the device's behaviour stays the same.
   */
  private void calls(Instant at, int minuteOfDay, double perDay, int maxMinutes, CallDestination other) {
    SplittableRandom day = new SplittableRandom(dayRandom(at, 3).nextLong());
    int calls = (int) Math.floor(perDay * 2 * day.nextDouble() + day.nextDouble());
    for (int i = 0; i < calls; i++) {
      int minute = day.nextInt(24 * 60);
      double kind = day.nextDouble();
      long seconds = 20 + day.nextInt(maxMinutes * 60 - 20);
      if (minute / 5 == minuteOfDay / 5) {
        CallDestination to = kind < 0.05 ? CallDestination.EMERGENCY : kind < 0.3 ? other : CallDestination.DOMESTIC;
        twin.call(to, seconds, at.plusSeconds(minute % 5 * 60L + 30));
      }
    }
  }

  void attach(Instant at) {
    twin.attach(OWN_DEVICE, rat, network, apn, at);
    attached = true;
  }

  /** A random stream shared by all intervals of one day (the day's schedule). */
  private Random dayRandom(Instant at, int salt) {
    return new Random(at.getEpochSecond() / 86_400 * 31 + salt + variant * 7L + dailyMinute);
  }

  private long logNormal(double median, double sigma) {
    return Math.max(1, Math.round(median * Math.exp(sigma * random.nextGaussian())));
  }

  private int poisson(double mean) {
    int n = 0;
    double p = Math.exp(-mean);
    double u = random.nextDouble();
    double cumulative = p;
    while (u > cumulative && n < 1000) {
      n++;
      p *= mean / n;
      cumulative += p;
    }
    return n;
  }

  private static void add(Map<String, Flow> flows, String remote, Protocol protocol, int port, long bytes,
      int segment, boolean encrypted) {
    String key = remote + "/" + protocol + "/" + port;
    Flow old = flows.get(key);
    long packets = Math.max(1, (bytes + segment - 1) / segment);
    flows.put(key, old == null
        ? new Flow(IpAddress.of(remote), protocol, port, Direction.UPLINK, bytes, packets, encrypted)
        : new Flow(old.remote(), protocol, port, Direction.UPLINK, old.bytes() + bytes, old.packets() + packets,
            encrypted));
  }
}
