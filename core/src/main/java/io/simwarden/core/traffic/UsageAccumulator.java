package io.simwarden.core.traffic;

import io.simwarden.core.event.SimEvent.SmsUsageRecorded;
import io.simwarden.core.event.SimEvent.UsageRecorded;
import io.simwarden.core.event.SimEvent.VoiceUsageRecorded;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.SmsDestination;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The open usage window of one SIM: counters that grow with every allowed flow, SMS, call and re-attach
 * and are journaled once per window as a {@link UsageRecorded} (and, when the SIM made calls, a
 * {@link VoiceUsageRecorded} before it; when it sent SMS to other than domestic numbers, a
 * {@link SmsUsageRecorded}). Mutable and owned by one entity; adding a
 * flow allocates nothing. Windows are aligned to multiples of the window length in event time, so the
 * same events give the same windows on every run.
 *
 * <p>The distinct remote endpoints are kept in a fixed table of {@code maxEndpoints} slots; endpoints
 * to endpoints that lost their slot, or never got one, are counted in {@code endpointsDropped}.
 */
public final class UsageAccumulator {

  private static final long NO_WINDOW = Long.MIN_VALUE;

  private final long windowMillis;
  private final int maxEndpoints;

  private long windowStart = NO_WINDOW;
  private long uplinkBytes;
  private long downlinkBytes;
  private long packets;
  private long flows;
  private long smsMo;
  private long smsMt;
  private long attaches;
  private long detaches;
  private boolean throttled;

  private int endpoints;
  private long endpointsDropped;
  /** Endpoint slots, {@value #STRIDE} longs each (hi, lo, key, flows, bytes); allocated at the first flow. */
  private long[] ep;
  private static final int STRIDE = 5;
  private static final CallDestination[] DESTINATIONS = CallDestination.values();
  /** Calls then connected seconds per {@link CallDestination}; allocated at the first call. */
  private long[] voice;
  private long calls;
  private long callSeconds;
  private static final SmsDestination[] SMS_CLASSES = SmsDestination.values();
  /** SMS-MO per {@link SmsDestination}; allocated at the first SMS-MO to other than a domestic number. */
  private long[] smsTo;

  public UsageAccumulator(long windowMillis, int maxEndpoints) {
    if (windowMillis <= 0 || 86_400_000L % windowMillis != 0) {
      throw new IllegalArgumentException("usage window must divide 24h evenly, got " + windowMillis + " ms");
    }
    if (maxEndpoints < 1) {
      throw new IllegalArgumentException("maxEndpoints must be positive, got " + maxEndpoints);
    }
    this.windowMillis = windowMillis;
    this.maxEndpoints = maxEndpoints;
  }

  /** Start of the window containing {@code atMillis}. */
  public long windowOf(long atMillis) {
    // Above the closed marker by at least one window, so that no start underflows whatever the instant.
    long at = Math.max(atMillis, Long.MIN_VALUE + windowMillis);
    return at - Math.floorMod(at, windowMillis);
  }

  public boolean isOpen() {
    return windowStart != NO_WINDOW;
  }

  /** Whether an event at {@code atMillis} falls after the open window, which must then be closed first. */
  public boolean closesAt(long atMillis) {
    return isOpen() && windowOf(atMillis) > windowStart;
  }

  /** Opens the window containing {@code atMillis} if none is open. */
  public void openAt(long atMillis) {
    if (!isOpen()) {
      windowStart = windowOf(atMillis);
    }
  }

  public void addFlow(Flow f) {
    if (f.direction() == Direction.UPLINK) {
      uplinkBytes += f.bytes();
    } else {
      downlinkBytes += f.bytes();
    }
    packets += f.packets();
    flows++;
    addEndpoint(f);
  }

  public void addSmsMo() {
    smsMo++;
  }

  /** An SMS-MO the network carried to a number of class {@code to}. */
  public void addSmsMo(SmsDestination to) {
    smsMo++;
    if (smsTo == null) {
      if (to == SmsDestination.DOMESTIC) {
        return;
      }
      smsTo = new long[SMS_CLASSES.length];
    }
    smsTo[to.ordinal()]++;
  }

  /**
   * SMS-MO in the open window to numbers of class {@code to} (domestic ones only counted once another class was
   * seen in the window).
   */
  public long smsMo(SmsDestination to) {
    return smsTo == null ? 0 : smsTo[to.ordinal()];
  }

  public void addSmsMt() {
    smsMt++;
  }

  /** A call the network carried to a number of class {@code destination}, connected for {@code seconds}. */
  public void addCall(CallDestination destination, long seconds) {
    if (voice == null) {
      voice = new long[DESTINATIONS.length * 2];
    }
    voice[destination.ordinal()]++;
    voice[DESTINATIONS.length + destination.ordinal()] += seconds;
    calls++;
    callSeconds += seconds;
  }

  public void addAttach() {
    attaches++;
  }

  public void addDetach() {
    detaches++;
  }

  public void markThrottled() {
    throttled = true;
  }

  /** Bytes both ways in the open window. */
  public long bytes() {
    return uplinkBytes + downlinkBytes;
  }

  public long sms() {
    return smsMo + smsMt;
  }

  public long attaches() {
    return attaches;
  }

  /** Calls carried in the open window. */
  public long calls() {
    return calls;
  }

  /** Connected seconds of the calls carried in the open window. */
  public long callSeconds() {
    return callSeconds;
  }

  /** Calls carried in the open window to numbers of class {@code destination}. */
  public long calls(CallDestination destination) {
    return voice == null ? 0 : voice[destination.ordinal()];
  }

  /** Connected seconds of the calls carried in the open window to numbers of class {@code destination}. */
  public long callSeconds(CallDestination destination) {
    return voice == null ? 0 : voice[DESTINATIONS.length + destination.ordinal()];
  }

  /**
   * The open window's voice totals as an event (chain not set), or {@code null} when it carried no call;
   * {@code partial} and {@code closedAtMillis} as for {@link #close}, which must follow.
   */
  public VoiceUsageRecorded voiceUsage(boolean partial, long closedAtMillis) {
    if (calls == 0) {
      return null;
    }
    List<CallUsage> byDestination = new ArrayList<>(2);
    for (CallDestination d : DESTINATIONS) {
      long n = voice[d.ordinal()];
      if (n > 0) {
        byDestination.add(new CallUsage(d, n, voice[DESTINATIONS.length + d.ordinal()]));
      }
    }
    return new VoiceUsageRecorded(end(partial, closedAtMillis), Instant.ofEpochMilli(windowStart), partial, calls,
        callSeconds, List.copyOf(byDestination), null);
  }

  /**
   * The open window's SMS-MO by class as an event (chain not set), or {@code null} when none went to other than a
   * domestic number; {@code partial} and {@code closedAtMillis} as for {@link #close}, which must follow.
   */
  public SmsUsageRecorded smsUsage(boolean partial, long closedAtMillis) {
    if (smsTo == null) {
      return null;
    }
    long known = 0;
    for (long n : smsTo) {
      known += n;
    }
    long domestic = smsTo[SmsDestination.DOMESTIC.ordinal()] + (smsMo - known);
    List<SmsUsage> byDestination = new ArrayList<>(2);
    for (SmsDestination d : SMS_CLASSES) {
      long n = d == SmsDestination.DOMESTIC ? domestic : smsTo[d.ordinal()];
      if (n > 0) {
        byDestination.add(new SmsUsage(d, n));
      }
    }
    return new SmsUsageRecorded(end(partial, closedAtMillis), Instant.ofEpochMilli(windowStart), partial,
        List.copyOf(byDestination), null);
  }

  /**
   * Closes the open window into its event (chain not set) and resets. {@code closedAt} is the window's
   * end for a complete window, or the time of the early close for a partial one.
   */
  public UsageRecorded close(boolean partial, long closedAtMillis) {
    List<EndpointUsage> named = new ArrayList<>(endpoints);
    Protocol[] protocols = Protocol.values();
    for (int i = 0; i < endpoints; i++) {
      int o = i * STRIDE;
      long key = ep[o + 2];
      IpAddress ip = new IpAddress(ep[o], ep[o + 1], (key >>> 40) != 0);
      named.add(new EndpointUsage(ip, protocols[(int) (key >>> 32) & 0xff], (int) key & 0xffff, ep[o + 3],
          ep[o + 4]));
    }
    named.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
    UsageRecorded event = new UsageRecorded(end(partial, closedAtMillis), Instant.ofEpochMilli(windowStart), partial,
        uplinkBytes, downlinkBytes, packets, flows, smsMo, smsMt, attaches, detaches, throttled,
        List.copyOf(named), endpointsDropped, null);
    reset();
    return event;
  }

  /** The end of the open window: its natural end, or the time of an early close. */
  private Instant end(boolean partial, long closedAtMillis) {
    return Instant.ofEpochMilli(partial ? closedAtMillis : windowEnd());
  }

  /** Discards the open window without journaling it (e.g. when the SIM is terminated). */
  public void reset() {
    windowStart = NO_WINDOW;
    uplinkBytes = downlinkBytes = packets = flows = smsMo = smsMt = attaches = detaches = 0;
    throttled = false;
    endpoints = 0;
    endpointsDropped = 0;
    calls = callSeconds = 0;
    smsTo = null;
    if (voice != null) {
      Arrays.fill(voice, 0);
    }
  }

  /** Start of the open window (epoch ms); only meaningful while {@link #isOpen()}. */
  public long windowStart() {
    return windowStart;
  }

  public long windowEnd() {
    return windowStart > Long.MAX_VALUE - windowMillis ? Long.MAX_VALUE : windowStart + windowMillis;
  }

  private void addEndpoint(Flow f) {
    IpAddress r = f.remote();
    long hi = r.hi();
    long lo = r.lo();
    long key = (r.v6() ? 1L << 40 : 0L) | ((long) f.protocol().ordinal() << 32) | f.port();
    if (ep == null) {
      ep = new long[maxEndpoints * STRIDE];
    }
    for (int o = 0, end = endpoints * STRIDE; o < end; o += STRIDE) {
      if (ep[o + 1] == lo && ep[o] == hi && ep[o + 2] == key) {
        ep[o + 3]++;
        ep[o + 4] += f.bytes();
        return;
      }
    }
    if (endpoints < maxEndpoints) {
      int o = endpoints++ * STRIDE;
      ep[o] = hi;
      ep[o + 1] = lo;
      ep[o + 2] = key;
      ep[o + 3] = 1;
      ep[o + 4] = f.bytes();
    } else {
      replaceSmallest(hi, lo, key, f.bytes());
    }
  }

  /**
   * The table is full: the new endpoint takes the slot with the fewest bytes if it carried more, so the
   * window names (approximately) its busiest endpoints; the flows of whichever endpoint loses are
   * counted in {@code endpointsDropped}.
   */
  private void replaceSmallest(long hi, long lo, long key, long bytes) {
    int smallest = 0;
    for (int o = STRIDE, end = endpoints * STRIDE; o < end; o += STRIDE) {
      if (ep[o + 4] < ep[smallest + 4]) {
        smallest = o;
      }
    }
    if (bytes <= ep[smallest + 4]) {
      endpointsDropped++;
      return;
    }
    endpointsDropped += ep[smallest + 3];
    ep[smallest] = hi;
    ep[smallest + 1] = lo;
    ep[smallest + 2] = key;
    ep[smallest + 3] = 1;
    ep[smallest + 4] = bytes;
  }
}
