package io.simwarden.sim.scenario;

import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.sim.attack.AttackKind;
import io.simwarden.sim.attack.FloodVector;
import io.simwarden.sim.attack.Pace;
import io.simwarden.sim.attack.ScanVector;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One attack of a scenario, validated. Times are offsets from the start of the run. {@code where} is
 * the attack's place in the scenario file ({@code file:line}) for messages about it.
 */
public sealed interface AttackSpec {

  String name();

  AttackKind kind();

  /** When the attack begins. */
  Duration start();

  /** How long it lasts ({@code null}: to the end of the run). */
  Duration duration();

  Targets targets();

  String where();

  /** When the attack ends in a run of {@code runLength}. */
  default Duration end(Duration runLength) {
    Duration d = duration();
    return d == null ? runLength : min(start().plus(d), runLength);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Mirai: at {@code start} {@code initialBots} devices are infected by telnet brute force; afterwards
   * each hour a share {@code spreadPerHour} of the still-clean vulnerable devices is infected. Bots scan
   * random IPv4 addresses on TCP 23 and 2323 and, during the DDoS window, flood the target.
   *
   * @param vulnerableShare share of the target archetypes' devices that are vulnerable; negative = the
   *                        archetypes' own (devices with vulnerable firmware)
   * @param scanRate        SYN probes per second per bot
   * @param telnet2323Share share of telnet probes to port 2323 (Mirai: one in ten)
   * @param vectors         weight of each scan and infection vector, adding up to 1 (Mirai: telnet only)
   * @param pace            hours of the day it scans and growth of the scan rate per day
   * @param ddos            the DDoS order, or {@code null}
   */
  record Mirai(String name, Duration start, Duration duration, Targets targets, int initialBots,
      double spreadPerHour, double vulnerableShare, double scanRate, double telnet2323Share,
      Map<ScanVector, Double> vectors, Pace pace, Ddos ddos, String where) implements AttackSpec {
    @Override
    public AttackKind kind() {
      return AttackKind.MIRAI;
    }
  }

  /**
   * The C&C's attack order: from {@code start} for {@code duration}, every bot floods {@code target},
   * the vectors taking turns in equal slices.
   *
   * @param bitsPerSecond flood rate per bot before its radio's uplink limit
   */
  record Ddos(Duration start, Duration duration, int target, List<FloodVector> vectors, double bitsPerSecond) {}

  /**
   * SIM theft: the SIM is taken out of its device and put into a phone or router ({@code abroadShare}
   * of them abroad) and used for browsing and SMS at the given rates.
   */
  record SimTheft(String name, Duration start, Duration duration, Targets targets, double abroadShare,
      long bytesPerHour, int destinations, double smsPerHour, String where) implements AttackSpec {
    @Override
    public AttackKind kind() {
      return AttackKind.SIM_THEFT;
    }
  }

  /**
   * Data exfiltration: malware on the device uploads to a destination the device never used, or hidden in
   * its busiest own flow ({@code toUsual}).
   *
   * @param destination    IPv4 address bits, or {@code null} for a random drop server per SIM
   * @param relativeVolume when positive, each interval uploads this share of the device's own uplink in it
   *                       (instead of {@code bytesPerHour})
   * @param toUsual        upload inside the device's busiest own uplink flow of the interval (same address
   *                       and port), not to a drop server
   * @param pace           hours of the day and growth per day
   */
  record Exfiltration(String name, Duration start, Duration duration, Targets targets, long bytesPerHour,
      Integer destination, int port, boolean encrypted, double relativeVolume, boolean toUsual, Pace pace,
      String where) implements AttackSpec {
    @Override
    public AttackKind kind() {
      return AttackKind.EXFILTRATION;
    }
  }

  /**
   * Signalling storm: a network outage at {@code start} for {@code outage}; when service returns the
   * targeted devices re-attach every {@code retryInterval} (±20 %) for {@code duration}.
   */
  record SignallingStorm(String name, Duration start, Duration outage, Duration duration, Targets targets,
      Duration retryInterval, String where) implements AttackSpec {
    @Override
    public AttackKind kind() {
      return AttackKind.SIGNALLING_STORM;
    }

    @Override
    public Duration end(Duration runLength) {
      Duration e = start.plus(outage).plus(duration);
      return e.compareTo(runLength) <= 0 ? e : runLength;
    }
  }

  /**
   * Voice fraud (IRSF call pumping): the SIM's device dials about {@code callsPerHour} calls an hour, one at a
   * time, connected for {@code callDuration} (median), to classes of number in the given shares.
   *
   * @param destinations share of the calls per class of number, adding up to 1
   * @param pace         hours of the day it dials and growth of the rate per day
   */
  record VoiceFraud(String name, Duration start, Duration duration, Targets targets, double callsPerHour,
      Duration callDuration, Map<CallDestination, Double> destinations, Pace pace, String where)
      implements AttackSpec {
    @Override
    public AttackKind kind() {
      return AttackKind.VOICE_FRAUD;
    }
  }

  /** SMS fraud: the SIM sends premium-rate / international SMS at {@code smsPerHour}, paced by {@code pace}. */
  /** {@code destinations}: shares of the classes of number the SMS go to, adding up to 1. */
  record SmsFraud(String name, Duration start, Duration duration, Targets targets, double smsPerHour,
      Map<SmsDestination, Double> destinations, Pace pace, String where) implements AttackSpec {
    @Override
    public AttackKind kind() {
      return AttackKind.SMS_FRAUD;
    }
  }
}
