package io.simwarden.core.policy;

import io.simwarden.core.ValidationException;
import io.simwarden.core.detect.AnomalyKind;
import io.simwarden.core.detect.Response;
import io.simwarden.core.firewall.Firewall;
import io.simwarden.core.firewall.FirewallRule;
import io.simwarden.core.firewall.RuleAction;
import io.simwarden.core.id.Apn;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a SIM is allowed to do on the network: the limited-connectivity idea of IoT security, where a
 * meter gets data on one APN in its home network and nothing else.
 *
 * @param name            profile name, for people
 * @param services        allowed services (DATA, SMS_MO, SMS_MT, VOICE)
 * @param rats            allowed radio access technologies
 * @param plmns           allowed networks (home plus roaming allowlist, or any)
 * @param apns            allowed APNs (empty = any APN)
 * @param privateNetwork  private network confinement
 * @param dataQuota       data allowance in bytes ({@code null} = unlimited)
 * @param smsQuota        SMS allowance in messages ({@code null} = unlimited)
 * @param unencrypted     what to do with unencrypted flows leaving the private network
 * @param firewallRules   the profile's firewall rules (evaluated before the SIM's own on equal priority)
 * @param defaultAction   firewall action when no rule matches
 * @param responses       what to do per anomaly kind; kinds not listed get {@link Response#ALERT}
 * @param voiceDestinations the classes of number VOICE may call ({@code null}: every class). Absent rather than
 *                        empty when not restricted, so that profiles journaled before voice destinations
 *                        existed keep their canonical encoding, and with it their tamper-evidence chain.
 */
public record ConnectivityProfile(String name, Set<Service> services, Set<Rat> rats, PlmnPolicy plmns,
    Set<Apn> apns, PrivateNetwork privateNetwork, Quota dataQuota, Quota smsQuota,
    EncryptionPolicy unencrypted, List<FirewallRule> firewallRules, RuleAction defaultAction,
    Map<AnomalyKind, Response> responses, Set<CallDestination> voiceDestinations) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.\\-]{0,63}");

  /** Data on any RAT, any network, any APN, no quotas, firewall allows everything. */
  public static final ConnectivityProfile OPEN = new ConnectivityProfile("open", EnumSet.allOf(Service.class),
      EnumSet.allOf(Rat.class), PlmnPolicy.ANY, Set.of(), PrivateNetwork.NONE, null, null,
      EncryptionPolicy.ALLOW, List.of(), RuleAction.ALLOW, Map.of());

  public ConnectivityProfile {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ValidationException("profile.name",
          "must be 1-64 letters, digits, spaces, '_', '.' or '-'; got " + ValidationException.quote(name));
    }
    if (services == null) {
      throw new ValidationException("profile.services", "required: a list of DATA, SMS_MO, SMS_MT, VOICE");
    }
    services = OrderedSets.ofEnums(services, Service.class);
    if (rats == null || rats.isEmpty()) {
      throw new ValidationException("profile.rats", "at least one of GSM, UMTS, LTE, LTE_M, NB_IOT, NR");
    }
    rats = OrderedSets.ofEnums(rats, Rat.class);
    if (plmns == null) {
      throw new ValidationException("profile.plmns", "required: {any: true} or a home PLMN and roaming list");
    }
    apns = apns == null ? Set.of() : OrderedSets.byText(apns);
    if (privateNetwork == null) {
      privateNetwork = PrivateNetwork.NONE;
    }
    if (unencrypted == null) {
      unencrypted = EncryptionPolicy.ALLOW;
    }
    firewallRules = firewallRules == null ? List.of() : List.copyOf(firewallRules);
    if (defaultAction == null) {
      defaultAction = RuleAction.ALLOW;
    }
    Firewall.checkUniqueIds(firewallRules, "profile.firewallRules");
    responses = responses == null || responses.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new EnumMap<>(responses));
    voiceDestinations = voiceDestinations == null || voiceDestinations.isEmpty() ? null
        : OrderedSets.ofEnums(voiceDestinations, CallDestination.class);
    if (voiceDestinations != null && !services.contains(Service.VOICE)) {
      throw new ValidationException("profile.voiceDestinations",
          "restricts calls, but the profile has no VOICE service; add VOICE to services or leave it out");
    }
  }

  /** A profile whose VOICE service, if any, may call every class of number. */
  public ConnectivityProfile(String name, Set<Service> services, Set<Rat> rats, PlmnPolicy plmns, Set<Apn> apns,
      PrivateNetwork privateNetwork, Quota dataQuota, Quota smsQuota, EncryptionPolicy unencrypted,
      List<FirewallRule> firewallRules, RuleAction defaultAction, Map<AnomalyKind, Response> responses) {
    this(name, services, rats, plmns, apns, privateNetwork, dataQuota, smsQuota, unencrypted, firewallRules,
        defaultAction, responses, null);
  }

  /** The profile's response to an anomaly of {@code kind}. */
  public Response responseTo(AnomalyKind kind) {
    return responses.getOrDefault(kind, Response.ALERT);
  }

  public boolean allows(Service service) {
    return services.contains(service);
  }

  public boolean allows(Rat rat) {
    return rats.contains(rat);
  }

  public boolean allowsApn(Apn apn) {
    return apns.isEmpty() || apns.contains(apn);
  }

  /** Whether VOICE may call numbers of class {@code destination}; false without the VOICE service. */
  public boolean allowsCallTo(CallDestination destination) {
    return allows(Service.VOICE) && (voiceDestinations == null || voiceDestinations.contains(destination));
  }
}
