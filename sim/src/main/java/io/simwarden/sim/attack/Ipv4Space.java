package io.simwarden.sim.attack;

import io.simwarden.sim.random.Rng;

/**
 * Random public IPv4 addresses, drawn the way Mirai's scanner draws its targets: uniformly, skipping the
 * ranges its source ({@code scanner.c}, {@code get_random_ip}) excludes — loopback, private and
 * reserved space, multicast, General Electric, HP, the US Postal Service and the US Department of
 * Defense — plus the documentation ranges the simulated fleet's own servers use.
 */
public final class Ipv4Space {

  private Ipv4Space() {}

  public static int randomPublic(Rng rng) {
    while (true) {
      int ip = rng.nextInt();
      if (!excluded(ip)) {
        return ip;
      }
    }
  }

  static boolean excluded(int ip) {
    int a = ip >>> 24;
    int b = (ip >>> 16) & 0xff;
    int c = (ip >>> 8) & 0xff;
    return switch (a) {
      case 0, 3, 6, 7, 10, 11, 15, 16, 21, 22, 26, 28, 29, 30, 33, 55, 56, 127, 214, 215 -> true;
      case 100 -> b >= 64 && b < 128;
      case 169 -> b == 254;
      case 172 -> b >= 16 && b < 32;
      case 192 -> b == 168 || (b == 0 && c == 2);
      case 198 -> b == 18 || b == 19 || (b == 51 && c == 100);
      case 203 -> b == 0 && c == 113;
      default -> a >= 224;
    };
  }
}
