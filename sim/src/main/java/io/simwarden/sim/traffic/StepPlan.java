package io.simwarden.sim.traffic;

import io.simwarden.core.policy.SmsDestination;
import io.simwarden.core.traffic.Call;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Protocol;
import java.util.Arrays;

/**
 * Everything one SIM does in one report interval, before it becomes commands: timed signalling
 * (attach, detach, SMS, calls) and the flows of the interval, which go out as one traffic report just before
 * the interval ends. The device's own behaviour and any attack on it write into the same plan, so a
 * compromised SIM still sends one report per interval. Reused across SIMs; {@link #begin} resets it.
 */
public final class StepPlan {

  public enum Action { ATTACH, DETACH, SMS_MO, SMS_MT, CALL, REPORT }

  /** The report goes out this long before the interval ends, so it stays inside the interval's window. */
  public static final long REPORT_LEAD_MILLIS = 1_000;
  /**
   * A detached device that needs the network in an interval attaches within this long after the interval
   * starts (at its own phase); a device's own call waits until then.
   */
  public static final long ATTACH_WITHIN_MILLIS = 30_000;

  public final FlowTable flows = new FlowTable();
  private long[] at = new long[16];
  private Action[] action = new Action[16];
  private AttachRequest[] request = new AttachRequest[16];
  private Call[] call = new Call[16];
  private SmsDestination[] smsTo = new SmsDestination[16];
  private int count;
  private long stepStart;
  private long stepEnd;
  private long normalBytes;
  private long normalUplinkBytes;
  private int busiestUplink;
  private int busiestUplinkPort;
  private long busiestUplinkBytes;
  private long attackBytes;
  private boolean hasAttach;
  private boolean sms;
  private boolean calls;

  public void begin(long stepStartMillis, long intervalMillis) {
    Arrays.fill(request, 0, count, null);
    Arrays.fill(call, 0, count, null);
    Arrays.fill(smsTo, 0, count, null);
    count = 0;
    stepStart = stepStartMillis;
    stepEnd = stepStartMillis + intervalMillis;
    normalBytes = 0;
    normalUplinkBytes = 0;
    busiestUplink = 0;
    busiestUplinkPort = 0;
    busiestUplinkBytes = 0;
    attackBytes = 0;
    hasAttach = false;
    sms = false;
    calls = false;
    flows.clear();
  }

  public long stepStart() {
    return stepStart;
  }

  public long stepEnd() {
    return stepEnd;
  }

  /** When this interval's traffic report is sent. */
  public long reportAt() {
    return stepEnd - REPORT_LEAD_MILLIS;
  }

  public void attach(long atMillis, AttachRequest r) {
    add(atMillis, Action.ATTACH, r);
    hasAttach = true;
  }

  public void detach(long atMillis) {
    add(atMillis, Action.DETACH, null);
  }

  public void smsMo(long atMillis) {
    add(atMillis, Action.SMS_MO, null);
    sms = true;
  }

  /** An SMS sent at {@code atMillis} to a number of class {@code to}. */
  public void smsMo(long atMillis, SmsDestination to) {
    smsMo(atMillis);
    smsTo[count - 1] = to;
  }

  public void smsMt(long atMillis) {
    add(atMillis, Action.SMS_MT, null);
    sms = true;
  }

  /** A mobile-originated call set up at {@code atMillis}. */
  public void call(long atMillis, Call c) {
    add(atMillis, Action.CALL, null);
    call[count - 1] = c;
    calls = true;
  }

  /** A flow of the device's own, legitimate traffic. */
  public void normalFlow(int ipv4, Protocol p, int port, Direction d, long bytes, long packets, boolean encrypted) {
    flows.add(ipv4, p, port, d, bytes, packets, encrypted);
    normalBytes += bytes;
    if (d == Direction.UPLINK) {
      normalUplinkBytes += bytes;
      if (bytes > busiestUplinkBytes) {
        busiestUplinkBytes = bytes;
        busiestUplink = ipv4;
        busiestUplinkPort = port;
      }
    }
  }

  /** Bytes the device's own flows sent so far in this interval. */
  public long normalUplinkBytes() {
    return normalUplinkBytes;
  }

  /** The IPv4 address of the device's own flow that sent the most so far in this interval, or 0. */
  public int busiestUplink() {
    return busiestUplink;
  }

  /** That flow's remote port. */
  public int busiestUplinkPort() {
    return busiestUplinkPort;
  }

  /** A flow an attack causes. */
  public void attackFlow(int ipv4, Protocol p, int port, Direction d, long bytes, long packets, boolean encrypted) {
    flows.add(ipv4, p, port, d, bytes, packets, encrypted);
    attackBytes += bytes;
  }

  /** Attack traffic with more distinct flows than a report can carry (sampled at build time). */
  public void attackPopulation(FlowPopulation population) {
    flows.addPopulation(population);
    attackBytes += population.totalBytes();
  }

  public boolean hasAttach() {
    return hasAttach;
  }

  /** Whether the plan needs a data bearer, SMS or a call, i.e. an attached SIM. */
  public boolean needsAttach() {
    return sms || calls || !flows.isEmpty();
  }

  public boolean hasTraffic() {
    return !flows.isEmpty();
  }

  public boolean isEmpty() {
    return count == 0 && flows.isEmpty();
  }

  public long normalBytes() {
    return normalBytes;
  }

  public long attackBytes() {
    return attackBytes;
  }

  /** Adds the traffic report at {@link #reportAt()} when there is traffic, then orders everything by time. */
  public int seal() {
    if (hasTraffic()) {
      add(reportAt(), Action.REPORT, null);
    }
    for (int i = 1; i < count; i++) {
      long t = at[i];
      Action a = action[i];
      AttachRequest r = request[i];
      Call c = call[i];
      SmsDestination d = smsTo[i];
      int j = i - 1;
      while (j >= 0 && at[j] > t) {
        at[j + 1] = at[j];
        action[j + 1] = action[j];
        request[j + 1] = request[j];
        call[j + 1] = call[j];
        smsTo[j + 1] = smsTo[j];
        j--;
      }
      at[j + 1] = t;
      action[j + 1] = a;
      request[j + 1] = r;
      call[j + 1] = c;
      smsTo[j + 1] = d;
    }
    return count;
  }

  public int size() {
    return count;
  }

  public long at(int i) {
    return at[i];
  }

  public Action action(int i) {
    return action[i];
  }

  public AttachRequest request(int i) {
    return request[i];
  }

  public Call call(int i) {
    return call[i];
  }

  /** The class of number of the {@code i}-th action, an SMS-MO ({@code null}: domestic). */
  public SmsDestination smsTo(int i) {
    return smsTo[i];
  }

  private void add(long atMillis, Action a, AttachRequest r) {
    if (atMillis < stepStart || atMillis >= stepEnd) {
      throw new IllegalArgumentException("action at " + atMillis + " outside the interval [" + stepStart + ", "
          + stepEnd + ")");
    }
    if (count == at.length) {
      at = Arrays.copyOf(at, count * 2);
      action = Arrays.copyOf(action, count * 2);
      request = Arrays.copyOf(request, count * 2);
      call = Arrays.copyOf(call, count * 2);
      smsTo = Arrays.copyOf(smsTo, count * 2);
    }
    at[count] = atMillis;
    action[count] = a;
    request[count] = r;
    count++;
  }
}
