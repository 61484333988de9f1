package io.simwarden.persistence.forensics;

import io.simwarden.core.ValidationException;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimEvent.AnomalyDetected;
import io.simwarden.core.event.SimEvent.AttachAccepted;
import io.simwarden.core.event.SimEvent.AttachRejected;
import io.simwarden.core.event.SimEvent.FlowsBlocked;
import io.simwarden.core.event.SimEvent.ImeiBound;
import io.simwarden.core.event.SimEvent.ImeiMismatch;
import io.simwarden.core.event.SimEvent.UnencryptedTrafficDetected;
import io.simwarden.core.event.SimEvent.UsageRecorded;
import io.simwarden.core.event.SimEvent.VoiceUsageRecorded;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.traffic.EndpointUsage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of the forensic index (table {@code forensic_index}, see {@code docs/read-side.md}): under which keys an
 * event is indexed, and which keys a {@link SearchCriteria} reads. Pure: the projection that writes the index and
 * the search that reads it agree through this class alone.
 *
 * <p>An index row names an event (IMSI and sequence number) under one key, in the partition of its key, its UTC day
 * and its SIM's slice. The search reads the rows of the keys of one criterion, then the events they name, and
 * keeps those {@link SearchCriteria#matches} accepts: the index only narrows which events are read, so its answer
 * is the full scan's.
 */
public final class ForensicIndexKeys {
  /** Remote endpoints, by network: an IPv4 /24 or an IPv6 /48 ({@link #bucket}). */
  public static final String REMOTE = "remote";
  public static final String IMEI = "imei";
  public static final String TAC = "tac";
  public static final String PLMN = "plmn";
  /** Event types and anomaly kinds, normalised as {@link SearchCriteria#kind}; routine types are left out. */
  public static final String KIND = "kind";

  private static final int V4_BUCKET = 24;
  private static final int V6_BUCKET = 48;
  /** Networks wider than a bucket are read bucket by bucket, up to this many (an IPv4 /16). */
  private static final int MAX_BUCKETS = 256;
  /** Types of every SIM's routine reports: indexed by their endpoints, IMEI or network, not by kind. */
  private static final Set<Class<? extends SimEvent>> ROUTINE =
      Set.of(UsageRecorded.class, VoiceUsageRecorded.class, AttachAccepted.class);

  /** One key: {@code type} is one of the constants, {@code value} e.g. {@code 203.0.113.0/24} or {@code portscan}. */
  public record Key(String type, String value) {}

  /**
   * What a search reads: the keys of one type, and the days (epoch days, UTC) of its window, either end open when
   * {@code null}.
   */
  public record Plan(String type, List<String> values, Long firstDay, Long lastDay) {}

  private ForensicIndexKeys() {}

  /** The keys {@code event} is indexed under (none for most usage windows without endpoints). */
  public static Set<Key> of(SimEvent event) {
    Set<Key> keys = new LinkedHashSet<>();
    Imei device = event instanceof AttachAccepted a ? a.imei()
        : event instanceof AttachRejected r ? r.imei()
        : event instanceof ImeiBound b ? b.imei()
        : event instanceof ImeiMismatch m ? m.seen() : null;
    if (device != null) {
      keys.add(new Key(IMEI, device.value()));
      keys.add(new Key(TAC, device.tac().value()));
    }
    Plmn serving = event instanceof AttachAccepted a ? a.plmn() : event instanceof AttachRejected r ? r.plmn() : null;
    if (serving != null) {
      keys.add(new Key(PLMN, serving.value()));
    }
    List<EndpointUsage> endpoints = event instanceof UsageRecorded u ? u.endpoints()
        : event instanceof FlowsBlocked b ? b.endpoints()
        : event instanceof UnencryptedTrafficDetected x ? x.endpoints() : null;
    if (endpoints != null) {
      endpoints.forEach(e -> keys.add(new Key(REMOTE, bucket(e.remote()))));
    }
    if (!ROUTINE.contains(event.getClass())) {
      keys.add(new Key(KIND, SearchCriteria.normalise(event.getClass().getSimpleName())));
      if (event instanceof AnomalyDetected a) {
        keys.add(new Key(KIND, SearchCriteria.normalise(a.kind().name())));
      }
    }
    return keys;
  }

  /** The network an address is indexed under: its IPv4 /24 or IPv6 /48, e.g. {@code 203.0.113.0/24}. */
  public static String bucket(IpAddress address) {
    return address.isV6()
        ? Cidr.of(new IpAddress(address.hi() & 0xFFFF_FFFF_FFFF_0000L, 0, true), V6_BUCKET).toString()
        : Cidr.of(IpAddress.v4(address.v4Bits() & 0xFFFF_FF00), V4_BUCKET).toString();
  }

  /** The UTC day of {@code at}, as the index partitions by it. */
  public static long day(Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
  }

  /**
   * What {@code criteria} reads from the index, or empty when no criterion is indexed (or a network is wider than
   * 256 buckets) and the search must read the tags or scan. The most selective criterion is read: IMEI, remote
   * endpoint, TAC, PLMN, kind. The window's last day is the day of its last instant; where a usage window can
   * match (an endpoint, or a kind naming a usage type: {@link SearchCriteria#WINDOWED}) the day after it too: a
   * usage window that starts before {@code to} is recorded when it ends, assumed within a day.
   */
  public static Optional<Plan> plan(SearchCriteria criteria) {
    Long first = criteria.from() == null ? null : day(criteria.from());
    if (criteria.imei() != null) {
      return Optional.of(new Plan(IMEI, List.of(criteria.imei().value()), first, lastDay(criteria, false)));
    }
    if (criteria.remote() != null) {
      List<String> buckets = buckets(criteria.remote());
      if (!buckets.isEmpty()) {
        return Optional.of(new Plan(REMOTE, buckets, first, lastDay(criteria, true)));
      }
    }
    if (criteria.tac() != null) {
      return Optional.of(new Plan(TAC, List.of(criteria.tac().value()), first, lastDay(criteria, false)));
    }
    if (criteria.plmn() != null) {
      return Optional.of(new Plan(PLMN, List.of(criteria.plmn().value()), first, lastDay(criteria, false)));
    }
    if (!criteria.kinds().isEmpty() && criteria.kinds().stream().noneMatch(ForensicIndexKeys::routine)) {
      return Optional.of(new Plan(KIND, List.copyOf(criteria.kinds()), first,
          lastDay(criteria, criteria.namesWindowed())));
    }
    return Optional.empty();
  }

  private static Long lastDay(SearchCriteria criteria, boolean windowed) {
    return criteria.to() == null ? null : day(criteria.to().minusNanos(1)) + (windowed ? 1 : 0);
  }

  /**
   * Whether an index row of {@code plan} (from {@link #plan} of {@code criteria}) whose event is at {@code at} can
   * name an event {@code criteria} matches: not when {@code at} is outside the window, unless a usage window can
   * match (then only {@code from} is tested on {@code at}, {@link SearchCriteria#mayMatchAt}). What the search
   * filters the rows with before it reads events.
   */
  public static boolean mayMatch(Plan plan, SearchCriteria criteria, Instant at) {
    boolean windowed = plan.type().equals(REMOTE) || (plan.type().equals(KIND) && criteria.namesWindowed());
    return windowed ? criteria.mayMatchAt(at) : criteria.windowHolds(at);
  }

  /**
   * {@link #mayMatch} of a row that holds its event's time to the millisecond only ({@code at}, truncated; the
   * event is somewhere in {@code [at, at + 1 ms)}): whether any time in that millisecond may match.
   */
  public static boolean mayMatchWithin(Plan plan, SearchCriteria criteria, Instant at) {
    Instant last = at.plusNanos(999_999);
    Instant earliest = criteria.from() == null || at.isAfter(criteria.from()) ? at : criteria.from();
    boolean windowed = plan.type().equals(REMOTE) || (plan.type().equals(KIND) && criteria.namesWindowed());
    return !earliest.isAfter(last) && (windowed || criteria.to() == null || earliest.isBefore(criteria.to()));
  }

  /**
   * {@link #plan}, or the reason none fits as a {@link ValidationException} naming the criterion to change: for a
   * caller (the HTTP API) that reads only the index.
   */
  public static Plan requirePlan(SearchCriteria criteria) {
    return plan(criteria).orElseThrow(() -> {
      String indexed = "imei, tac, plmn, remote (an IPv4 network of /16 or narrower, an IPv6 one of /48 or narrower) "
          + "or a kind other than " + ROUTINE.stream().map(Class::getSimpleName).sorted().toList();
      if (criteria.remote() != null) {
        return new ValidationException("remote", criteria.remote() + " is wider than the forensic index reads; give "
            + indexed);
      }
      return new ValidationException("kind", criteria.kinds().isEmpty()
          ? "give at least one criterion the forensic index holds: " + indexed
          : "the forensic index does not file routine events by kind; give " + indexed);
    });
  }

  /**
   * Whether the index rows under {@code plan}'s keys (from {@link #plan} of {@code criteria}) alone say which events
   * match, their exact time tested with {@link SearchCriteria#windowHolds}: when the plan's criterion is the
   * only one besides the window, an endpoint's network is made of whole buckets, and no event it can match is
   * tested on the start of a usage window ({@code to} given with an endpoint, or with a kind naming a usage type).
   * Then an answer that needs no more than each matching event's SIM and time (an outbreak) needs no journal read.
   */
  public static boolean rowsDecide(Plan plan, SearchCriteria criteria) {
    int given = (criteria.imei() == null ? 0 : 1) + (criteria.tac() == null ? 0 : 1)
        + (criteria.remote() == null ? 0 : 1) + (criteria.plmn() == null ? 0 : 1)
        + (criteria.kinds().isEmpty() ? 0 : 1);
    if (given != 1) {
      return false;
    }
    return switch (plan.type()) {
      case REMOTE -> criteria.remote() != null && criteria.to() == null
          && criteria.remote().prefixLength() <= (criteria.remote().v6() ? V6_BUCKET : V4_BUCKET);
      case KIND -> !criteria.kinds().isEmpty() && (criteria.to() == null || !criteria.namesWindowed());
      case IMEI -> criteria.imei() != null;
      case TAC -> criteria.tac() != null;
      case PLMN -> criteria.plmn() != null;
      default -> false;
    };
  }

  private static boolean routine(String kind) {
    return ROUTINE.stream().anyMatch(t -> SearchCriteria.normalise(t.getSimpleName()).equals(kind));
  }

  /** The buckets covering {@code network}, empty when they would be more than {@link #MAX_BUCKETS}. */
  static List<String> buckets(Cidr network) {
    int bucket = network.v6() ? V6_BUCKET : V4_BUCKET;
    if (network.prefixLength() >= bucket) {
      return List.of(bucket(network.network()));
    }
    if (network.v6() || bucket - network.prefixLength() > Integer.numberOfTrailingZeros(MAX_BUCKETS)) {
      return List.of();
    }
    List<String> buckets = new ArrayList<>();
    int base = network.network().v4Bits();
    for (int i = 0; i < 1 << (bucket - network.prefixLength()); i++) {
      buckets.add(bucket(IpAddress.v4(base + (i << 8))));
    }
    return buckets;
  }
}
