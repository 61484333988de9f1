package io.simwarden.core.state;

import io.simwarden.core.event.SimEvent;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Apn;
import io.simwarden.core.id.Cidr;
import io.simwarden.core.id.Iccid;
import io.simwarden.core.id.Imei;
import io.simwarden.core.id.Imsi;
import io.simwarden.core.id.IpAddress;
import io.simwarden.core.id.Luhn;
import io.simwarden.core.id.Plmn;
import io.simwarden.core.id.PortRange;
import io.simwarden.core.policy.CallDestination;
import io.simwarden.core.policy.ConnectivityProfile;
import io.simwarden.core.policy.DeviceFacts;
import io.simwarden.core.policy.EncryptionPolicy;
import io.simwarden.core.policy.ImeiLock;
import io.simwarden.core.policy.PlmnPolicy;
import io.simwarden.core.policy.PrivateNetwork;
import io.simwarden.core.policy.Quota;
import io.simwarden.core.policy.Rat;
import io.simwarden.core.policy.Service;
import io.simwarden.core.traffic.Direction;
import io.simwarden.core.traffic.Flow;
import io.simwarden.core.traffic.Protocol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** One SIM, its profile and its events, shared by the policy, decision, state and event tests. */
public final class SimFixtures {

  public static final Instant T0 = Instant.parse("2024-03-10T10:00:00Z");
  public static final String OPERATOR = "ops@example.com";
  public static final String ORGANISATION = "acme-utilities";
  public static final Imsi IMSI = Imsi.of("001010123456789");
  public static final Iccid ICCID = Iccid.of("894450010219830482" + Luhn.checkDigit("894450010219830482"));
  public static final Plmn HOME = Plmn.of("00101");
  public static final Plmn PARTNER = Plmn.of("20801");
  public static final Plmn FOREIGN = Plmn.of("310410");
  public static final Apn APN = Apn.of("iot.example.com");
  public static final Apn OTHER_APN = Apn.of("internet.example.com");
  /** The SIM's own device. */
  public static final Imei DEVICE = Imei.fromBody("35693803564380");
  /** Another unit of the same model (same TAC). */
  public static final Imei SAME_MODEL = Imei.fromBody("35693803564381");
  /** A device of another model. */
  public static final Imei OTHER_MODEL = Imei.fromBody("49015420323751");

  private SimFixtures() {}

  public static Instant at(long secondsAfterT0) {
    return T0.plusSeconds(secondsAfterT0);
  }

  // ---- profiles -------------------------------------------------------------------------------

  /** A metering profile: data and SMS on LTE-M / NB-IoT, home plus one roaming partner, one APN. */
  public static Profile profile() {
    return new Profile();
  }

  /** Mutable builder over the fields of {@link ConnectivityProfile} (no responses). */
  public static final class Profile {
    private String name = "meter";
    private Set<Service> services = EnumSet.of(Service.DATA, Service.SMS_MO, Service.SMS_MT);
    private Set<Rat> rats = EnumSet.of(Rat.LTE_M, Rat.NB_IOT);
    private PlmnPolicy plmns = new PlmnPolicy(false, HOME, Set.of(PARTNER));
    private Set<Apn> apns = Set.of(APN);
    private PrivateNetwork privateNetwork = PrivateNetwork.NONE;
    private Quota dataQuota;
    private Quota smsQuota;
    private EncryptionPolicy unencrypted = EncryptionPolicy.ALLOW;
    private List<FirewallRule> rules = List.of();
    private RuleAction defaultAction = RuleAction.ALLOW;
    private Set<CallDestination> voiceDestinations;

    public Profile services(Service... allowed) {
      services = allowed.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(allowed));
      return this;
    }

    public Profile rats(Rat... allowed) {
      rats = EnumSet.copyOf(Arrays.asList(allowed));
      return this;
    }

    public Profile plmns(PlmnPolicy policy) {
      plmns = policy;
      return this;
    }

    public Profile apns(Apn... allowed) {
      apns = Set.of(allowed);
      return this;
    }

    public Profile privateNetwork(PrivateNetwork network) {
      privateNetwork = network;
      return this;
    }

    public Profile dataQuota(Quota quota) {
      dataQuota = quota;
      return this;
    }

    public Profile smsQuota(Quota quota) {
      smsQuota = quota;
      return this;
    }

    public Profile unencrypted(EncryptionPolicy policy) {
      unencrypted = policy;
      return this;
    }

    public Profile rules(FirewallRule... profileRules) {
      rules = List.of(profileRules);
      return this;
    }

    public Profile defaultAction(RuleAction action) {
      defaultAction = action;
      return this;
    }

    public Profile voiceDestinations(CallDestination... allowed) {
      voiceDestinations = Set.of(allowed);
      return this;
    }

    public ConnectivityProfile build() {
      return new ConnectivityProfile(name, services, rats, plmns, apns, privateNetwork, dataQuota, smsQuota,
          unencrypted, rules, defaultAction, null, voiceDestinations);
    }
  }

  // ---- firewall and traffic -------------------------------------------------------------------

  public static FirewallRule rule(String id, int priority, RuleAction action, Direction direction,
      Protocol protocol, String cidr, String ports) {
    return new FirewallRule(id, priority, action, direction, protocol, Cidr.of(cidr), PortRange.of(ports));
  }

  /** A rule for any direction and protocol on every port. */
  public static FirewallRule rule(String id, int priority, RuleAction action, String cidr) {
    return rule(id, priority, action, Direction.BOTH, Protocol.ANY, cidr, "any");
  }

  public static Flow flow(String remote, Protocol protocol, int port, Direction direction, long bytes,
      boolean encrypted) {
    return new Flow(IpAddress.of(remote), protocol, port, direction, bytes, bytes / 100 + 1, encrypted);
  }

  /** An encrypted uplink TCP flow. */
  public static Flow tls(String remote, int port, long bytes) {
    return flow(remote, Protocol.TCP, port, Direction.UPLINK, bytes, true);
  }

  /** An unencrypted uplink UDP flow. */
  public static Flow plain(String remote, int port, long bytes) {
    return flow(remote, Protocol.UDP, port, Direction.UPLINK, bytes, false);
  }

  // ---- events and states ----------------------------------------------------------------------

  public static SimEvent.Provisioned provisioned(ConnectivityProfile profile, ImeiLock lock,
      List<FirewallRule> simRules, DeviceFacts device) {
    return new SimEvent.Provisioned(T0, OPERATOR, IMSI, ICCID, ORGANISATION, profile, lock, simRules, device, null);
  }

  public static SimEvent.Activated activated() {
    return new SimEvent.Activated(at(1), OPERATOR, null);
  }

  public static SimEvent.AttachAccepted attachAccepted(Imei imei, boolean dataAllowed) {
    return new SimEvent.AttachAccepted(at(2), imei, Rat.LTE_M, HOME, APN, dataAllowed, false, null);
  }

  /** Provisioned with {@code profile}, {@code lock} and {@code device}, then the {@code more} events. */
  public static SimState sim(ConnectivityProfile profile, ImeiLock lock, DeviceFacts device, SimEvent... more) {
    List<SimEvent> events = new ArrayList<>();
    events.add(provisioned(profile, lock, List.of(), device));
    events.addAll(List.of(more));
    return SimState.EMPTY.applyAll(events);
  }

  /** Provisioned, activated, no attach yet. */
  public static SimState active(ConnectivityProfile profile, ImeiLock lock) {
    return sim(profile, lock, DeviceFacts.UNKNOWN, activated());
  }

  /** Provisioned, activated and attached from {@link #DEVICE} with data allowed. */
  public static SimState attached(ConnectivityProfile profile) {
    return sim(profile, ImeiLock.OFF, DeviceFacts.UNKNOWN, activated(), attachAccepted(DEVICE, true));
  }
}
