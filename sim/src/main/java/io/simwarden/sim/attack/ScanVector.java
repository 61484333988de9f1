package io.simwarden.sim.attack;

import io.simwarden.sim.Named;

/**
 * The services a Mirai-family scanner probes and exploits. Mirai itself scanned telnet only (23, and 2323 for one
 * probe in ten); its successors added the others: the TR-069/TR-064 remote-management flaw of home routers on 7547
 * (the Deutsche Telekom outage of November 2016), the Huawei HG532 UPnP flaw on 37215 (CVE-2017-17215, Satori),
 * open Android Debug Bridge on 5555 (ADB.Miner, 2018) and web-interface flaws on 80 and 8080 (GoAhead cameras).
 *
 * @param id           the name scenario files use
 * @param ports        the TCP ports it probes; the first takes the rest's share but the last {@code altShare}
 * @param sessionBytes a successful login or exploit request, bytes
 */
public enum ScanVector implements Named {
  TELNET("telnet", new int[] {23, 2323}, 2_500),
  ADB("adb", new int[] {5555}, 1_200),
  TR_069("tr-069", new int[] {7547}, 1_800),
  HG532("huawei-hg532", new int[] {37215}, 1_100),
  WEB("web", new int[] {80, 8080}, 900);

  private final String id;
  private final int[] ports;
  private final int sessionBytes;

  ScanVector(String id, int[] ports, int sessionBytes) {
    this.id = id;
    this.ports = ports;
    this.sessionBytes = sessionBytes;
  }

  @Override
  public String id() {
    return id;
  }

  /** The probed port for a draw: telnet's second port (2323) with {@code altShare}, web's 8080 half the time. */
  int port(double u, double telnetAltShare) {
    if (ports.length == 1) {
      return ports[0];
    }
    double alt = this == TELNET ? telnetAltShare : 0.5;
    return u < alt ? ports[1] : ports[0];
  }

  int sessionBytes() {
    return sessionBytes;
  }

  /** The port an infection through this vector arrives on. */
  int infectionPort() {
    return ports[0];
  }
}
