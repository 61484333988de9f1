package io.simwarden.sim.attack;

import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.archetype.DeviceStep;
import io.simwarden.sim.clock.VirtualClock;
import io.simwarden.sim.random.Rng;
import io.simwarden.sim.traffic.StepPlan;

/**
 * A device infected by Mirai. In the interval of infection it sees the brute-force login from a
 * scanning bot (inbound telnet), or the exploit of the vector it was infected through, and fetches the bot binary from the loader (~70 kB over HTTP); from then
 * on it keeps working normally while it scans, reports victims, keeps its C&C connection alive and, when
 * ordered, floods the target at the campaign's rate, limited by its radio's uplink.
 */
final class MiraiBot extends Compromise {

  private final MiraiCampaign campaign;
  private final int bruteForcer;
  private final ScanVector infection;

  MiraiBot(int sim, long infectedAt, long end, MiraiCampaign campaign, int bruteForcer, ScanVector infection) {
    super(sim, campaign.spec.name(), infectedAt, end);
    this.campaign = campaign;
    this.bruteForcer = bruteForcer;
    this.infection = infection;
  }

  @Override
  public AttackKind kind() {
    return AttackKind.MIRAI;
  }

  @Override
  public void step(DeviceStep s, StepPlan plan) {
    Rng rng = s.rng();
    long active = overlap(s);
    if (s.contains(start)) {
      long login = Math.round(rng.logNormal(infection == ScanVector.TELNET ? 3_500 : infection.sessionBytes(), 0.3));
      plan.attackFlow(bruteForcer, Protocol.TCP, infection.infectionPort(), Direction.DOWNLINK, login,
          Math.max(4, login / 50), false);
      long binary = Math.round(rng.logNormal(70_000, 0.1));
      plan.attackFlow(campaign.loader, Protocol.TCP, 80, Direction.UPLINK, binary, binary / 1_200, false);
    }
    long minutes = Math.max(1, active / VirtualClock.MINUTE);
    plan.attackFlow(campaign.cnc, Protocol.TCP, 23, Direction.UPLINK, 64 * minutes, 2 * minutes, false);
    double pace = campaign.spec.pace().factor(from(s), start);
    long probes = Math.round(campaign.spec.scanRate() * pace * active / 1000.0);
    if (probes > 0) {
      plan.attackPopulation(new TelnetScan(probes, campaign.spec.telnet2323Share(), campaign.scanWeights));
      int found = rng.poisson(probes * TelnetScan.OPEN_TELNET * 0.05);
      if (found > 0) {
        plan.attackFlow(campaign.reportServer, Protocol.TCP, 48101, Direction.UPLINK, 120L * found, 4L * found,
            false);
      }
    }
    flood(s, plan);
  }

  private void flood(DeviceStep s, StepPlan plan) {
    long from = Math.max(Math.max(start, campaign.ddosStart), s.stepStart());
    long to = Math.min(Math.min(end, campaign.ddosEnd), s.stepEnd());
    double bitsPerSecond = Math.min(campaign.spec.ddos() == null ? 0 : campaign.spec.ddos().bitsPerSecond(),
        MiraiCampaign.uplinkBitsPerSecond(s.fleet().rat(sim)));
    while (from < to) {
      FloodVector v = campaign.vectorAt(from);
      long sliceTo = Math.min(to, campaign.sliceEnd(from));
      long bytes = Math.round(bitsPerSecond / 8 * (sliceTo - from) / 1000.0);
      long packets = Math.max(1, bytes / v.packetBytes());
      switch (v) {
        case UDP -> plan.attackPopulation(new RandomPortFlood(campaign.ddosTarget, Protocol.UDP, packets,
            v.packetBytes()));
        case SYN, ACK -> plan.attackPopulation(new RandomPortFlood(campaign.ddosTarget, Protocol.TCP, packets,
            v.packetBytes()));
        case GRE -> plan.attackFlow(campaign.ddosTarget, Protocol.GRE, 0, Direction.UPLINK, packets * v.packetBytes(),
            packets, false);
        case HTTP -> plan.attackFlow(campaign.ddosTarget, Protocol.TCP, 80, Direction.UPLINK,
            packets * v.packetBytes(), packets, false);
      }
      from = sliceTo;
    }
  }
}
