package io.simwarden.core.detect;

import io.simwarden.core.id.IpAddress;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Attack traffic as a packet gateway reports it: at most 256 flow summaries, tails sampled. */
final class Attacks {

  static final int MAX_FLOWS = 256;
  static final IpAddress VICTIM = IpAddress.of("192.0.2.200");
  static final IpAddress DROP_SERVER = IpAddress.of("203.0.113.250");

  private Attacks() {}

  /** Mirai telnet scanning: {@code probes} SYNs to random IPv4 addresses, one in ten on 2323, sampled. */
  static List<Flow> telnetScan(Random random, int probes) {
    List<Flow> out = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    while (out.size() < Math.min(probes, MAX_FLOWS)) {
      int ip = random.nextInt();
      if (seen.add(ip) && (ip >>> 24) != 10 && (ip >>> 24) != 0) {
        out.add(new Flow(IpAddress.v4(ip), Protocol.TCP, random.nextInt(10) == 0 ? 2323 : 23, Direction.UPLINK, 60,
            1, false));
      }
    }
    return out;
  }

  /**
   * A flood of {@code packetBytes}-byte packets at {@code bitsPerSecond} for one report interval. With a
   * random destination port per packet it spreads over more flows than a report holds, so the report
   * lists a sample of 256 of them, each with its own (small) totals.
   */
  static List<Flow> flood(Random random, IpAddress target, Protocol protocol, int port, int packetBytes,
      boolean randomPort, double bitsPerSecond) {
    long packets = Math.max(1, Math.round(bitsPerSecond * 300 / 8 / packetBytes));
    if (!randomPort) {
      return List.of(new Flow(target, protocol, protocol.hasPorts() ? port : 0, Direction.UPLINK,
          packets * packetBytes, packets, false));
    }
    List<Flow> out = new ArrayList<>();
    Set<Integer> ports = new HashSet<>();
    long perFlow = Math.max(1, packets / 65_535);
    while (out.size() < Math.min(MAX_FLOWS, packets)) {
      int p = 1 + random.nextInt(65_535);
      if (ports.add(p)) {
        out.add(new Flow(target, protocol, p, Direction.UPLINK, perFlow * packetBytes, perFlow, false));
      }
    }
    return out;
  }

  /** An encrypted upload of {@code bytes} in full-size segments. */
  static Flow upload(IpAddress destination, int port, long bytes) {
    return new Flow(destination, Protocol.TCP, port, Direction.UPLINK, bytes, Math.max(1, bytes / 1_300), true);
  }

  /** A device warmed up on normal traffic for {@code warmUp} from Monday 00:00. */
  static Device warmed(Device.Archetype kind, long seed, Duration warmUp) {
    Device device = new Device(kind, seed, Device.MONDAY);
    device.run(Device.MONDAY, warmUp);
    return device;
  }

  /** Runs {@code device} for {@code length} from {@code start}, adding {@code attack}'s flows to every report. */
  static void under(Device device, Instant start, Duration length, java.util.function.Supplier<List<Flow>> attack) {
    for (Instant at = start; at.isBefore(start.plus(length)); at = at.plus(Device.STEP)) {
      device.extra.addAll(attack.get());
      device.step(at);
    }
  }
}
