package io.simwarden.sim.traffic;

import io.simwarden.core.id.IpAddress;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import io.simwarden.sim.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The flows of one SIM in one report interval, as a packet gateway exports them: one summary per
 * (remote, protocol, port, direction) with the real byte and packet totals of that flow, at most
 * {@value #MAX_FLOWS} summaries per report.
 *
 * <p>Flows added with {@link #add} are always exported (merged when their key repeats). Traffic with
 * more distinct flows than a report can hold (a scan, a random-port flood) is added as a
 * {@link FlowPopulation}: when the report is built, the room left is shared among the populations in
 * proportion to their distinct flows and each draws that many of its flows — a uniform sample of the
 * tail, as a sampling flow exporter would produce. Reused across SIMs; {@link #clear} between them.
 */
public final class FlowTable {

  public static final int MAX_FLOWS = 256;
  private static final int SLOTS = 1024;

  private final int[] ip = new int[MAX_FLOWS];
  private final byte[] protocol = new byte[MAX_FLOWS];
  private final int[] port = new int[MAX_FLOWS];
  private final byte[] direction = new byte[MAX_FLOWS];
  private final long[] bytes = new long[MAX_FLOWS];
  private final long[] packets = new long[MAX_FLOWS];
  private final boolean[] encrypted = new boolean[MAX_FLOWS];
  private final int[] index = new int[SLOTS];
  private int size;
  private final List<FlowPopulation> populations = new ArrayList<>(2);

  private static final Protocol[] PROTOCOLS = Protocol.values();
  private static final Direction[] DIRECTIONS = Direction.values();

  public FlowTable() {
    Arrays.fill(index, -1);
  }

  public void clear() {
    if (size > 0) {
      Arrays.fill(index, -1);
    }
    size = 0;
    populations.clear();
  }

  public boolean isEmpty() {
    return size == 0 && populations.isEmpty();
  }

  /** Distinct flows exported so far (populations not yet drawn). */
  public int size() {
    return size;
  }

  /**
   * Adds a flow summary, merging it into an existing one with the same key. When the table is full
   * the flow is dropped, as an exporter's full flow cache would.
   */
  public void add(int ipv4, Protocol p, int remotePort, Direction d, long flowBytes, long flowPackets,
      boolean isEncrypted) {
    int slot = slotOf(ipv4, p, remotePort, d);
    int i = index[slot];
    if (i >= 0) {
      bytes[i] += flowBytes;
      packets[i] += flowPackets;
      encrypted[i] &= isEncrypted;
      return;
    }
    if (size == MAX_FLOWS) {
      return;
    }
    i = size++;
    index[slot] = i;
    ip[i] = ipv4;
    protocol[i] = (byte) p.ordinal();
    port[i] = remotePort;
    direction[i] = (byte) d.ordinal();
    bytes[i] = flowBytes;
    packets[i] = flowPackets;
    encrypted[i] = isEncrypted;
  }

  /** Adds traffic with (possibly) more distinct flows than a report holds, to be sampled at build time. */
  public void addPopulation(FlowPopulation population) {
    if (population.distinctFlows() > 0) {
      populations.add(population);
    }
  }

  /** The report's flow summaries: every added flow, then the populations' share of the room left. */
  public List<Flow> build(Rng rng) {
    if (!populations.isEmpty()) {
      drawPopulations(rng);
    }
    List<Flow> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new Flow(IpAddress.v4(ip[i]), PROTOCOLS[protocol[i]], port[i], DIRECTIONS[direction[i]], bytes[i],
          packets[i], encrypted[i]));
    }
    return out;
  }

  private void drawPopulations(Rng rng) {
    long total = 0;
    for (FlowPopulation p : populations) {
      total += p.distinctFlows();
    }
    int room = MAX_FLOWS - size;
    for (FlowPopulation p : populations) {
      int k = (int) Math.min(p.distinctFlows(), total <= room ? p.distinctFlows()
          : Math.max(1, Math.round((double) room * p.distinctFlows() / total)));
      k = Math.min(k, MAX_FLOWS - size);
      if (k > 0) {
        p.draw(k, rng, this);
      }
    }
    populations.clear();
  }

  private int slotOf(int ipv4, Protocol p, int remotePort, Direction d) {
    long key = ((long) ipv4 << 32) | ((long) p.ordinal() << 24) | ((long) d.ordinal() << 20) | remotePort;
    int slot = (int) (Rng.mix(key) & (SLOTS - 1));
    while (true) {
      int i = index[slot];
      if (i < 0 || (ip[i] == ipv4 && protocol[i] == p.ordinal() && port[i] == remotePort
          && direction[i] == d.ordinal())) {
        return slot;
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
  }
}
