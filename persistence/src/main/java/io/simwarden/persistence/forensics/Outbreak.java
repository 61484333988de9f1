package io.simwarden.persistence.forensics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The spread of one indicator (an anomaly kind, a remote endpoint) over the fleet: when each SIM was first
 * affected, the cumulative count over time and the patient-zero candidates, the SIMs affected first.
 * Holds one entry per affected SIM, not per event.
 */
public final class Outbreak {

  /** SIM {@code imsi} was first affected at {@code first}, by {@code events} matching events in all. */
  public record Affected(String imsi, Instant first, long events) {}

  /** At the end of the bucket starting {@code start}, {@code total} SIMs were affected, {@code added} in it. */
  public record Point(Instant start, int added, int total) {}

  private final Map<String, Affected> bySim = new HashMap<>();

  /** Adds one matching event. */
  public void add(Recorded r) {
    add(r.imsi(), r.event().at());
  }

  /** Adds one matching event of SIM {@code imsi} at {@code at}. */
  public void add(String imsi, Instant at) {
    bySim.merge(imsi, new Affected(imsi, at, 1), (a, b) -> new Affected(a.imsi(),
        a.first().isAfter(b.first()) ? b.first() : a.first(), a.events() + b.events()));
  }

  /** Every affected SIM, earliest first (ties by IMSI). */
  public List<Affected> affected() {
    List<Affected> out = new ArrayList<>(bySim.values());
    out.sort(Comparator.comparing(Affected::first).thenComparing(Affected::imsi));
    return out;
  }

  /**
   * The {@code n} SIMs affected first, and any affected at the same instant as the last of them (a tie
   * cannot be broken by the journal).
   */
  public List<Affected> patientZeroCandidates(int n) {
    List<Affected> all = affected();
    int end = Math.min(n, all.size());
    while (end > 0 && end < all.size() && all.get(end).first().equals(all.get(end - 1).first())) {
      end++;
    }
    return all.subList(0, end);
  }

  /** The cumulative count per {@code bucket} from the first affected SIM to the last. */
  public List<Point> curve(Duration bucket) {
    List<Affected> all = affected();
    List<Point> points = new ArrayList<>();
    if (all.isEmpty()) {
      return points;
    }
    long size = bucket.toMillis();
    long origin = all.get(0).first().toEpochMilli() / size * size;
    int total = 0;
    int i = 0;
    for (long start = origin; i < all.size(); start += size) {
      int added = 0;
      while (i < all.size() && all.get(i).first().toEpochMilli() < start + size) {
        added++;
        i++;
      }
      total += added;
      points.add(new Point(Instant.ofEpochMilli(start), added, total));
    }
    return points;
  }
}
