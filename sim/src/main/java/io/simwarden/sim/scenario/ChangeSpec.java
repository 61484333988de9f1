package io.simwarden.sim.scenario;

import io.simwarden.core.id.Plmn;
import io.simwarden.core.policy.SmsDestination;
import io.simwarden.sim.archetype.Archetype;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A benign change to the fleet, part of a scenario's {@code changes}: something that happens in real fleets, is
 * no attack and must raise no alert. Times are offsets from the start of the run; {@code where} is the change's
 * place in the scenario file.
 */
public sealed interface ChangeSpec {

  /** When the change happens. */
  Duration at();

  String where();

  /**
   * A firmware update that makes every device of the archetypes talk to one more endpoint: rolled out over
   * {@code rollout} from {@code at}, each device then sends {@code bytesPerHour} (log-normal per report) to
   * {@code destination}:{@code port} over TCP with TLS, alongside its usual traffic. When {@code declared} (a managed
   * rollout), the operator adds an ALLOW rule for that endpoint to the profile of every SIM of the archetypes at
   * {@code at}, as a fleet whose firewall refuses by default needs for the update to work at all; otherwise the
   * vendor pushed it unannounced and the network learns of the endpoint only from the traffic.
   */
  record FirmwareUpdate(Duration at, Duration rollout, Set<Archetype> archetypes, int destination, int port,
      long bytesPerHour, boolean declared, String where) implements ChangeSpec {
    public FirmwareUpdate {
      archetypes = Set.copyOf(archetypes);
    }
  }

  /**
   * The whole fleet's schedule moves by {@code minutes} from {@code at} on (daylight-saving time: +60 in spring,
   * −60 in autumn): every device keeps its local habits, so in UTC they happen {@code minutes} earlier.
   */
  record ScheduleShift(Duration at, int minutes, String where) implements ChangeSpec {}

  /**
   * A regional outage: {@code share} of the archetypes' devices (all archetypes when empty) lose service for
   * {@code outage} from {@code at}; when it returns each re-attaches {@code attempts} times, the first within
   * {@code spread} of the restoration and each further attempt after a back-off doubling from 30 s, then goes on as
   * usual.
   */
  record Outage(Duration at, Duration outage, Set<Archetype> archetypes, double share, Duration spread, int attempts,
      String where) implements ChangeSpec {
    public Outage {
      archetypes = Set.copyOf(archetypes);
    }
  }

  /**
   * A new roaming partner: at {@code at} the operator adds network {@code plmn} to the roaming allowlist of every
   * SIM of the archetypes (all when empty) that roams on {@code replaces}, and steers them to it: from then on
   * they attach on {@code plmn} where they attached on {@code replaces}.
   */
  record RoamingPartner(Duration at, Plmn plmn, Plmn replaces, Set<Archetype> archetypes, String where)
      implements ChangeSpec {
    public RoamingPartner {
      archetypes = Set.copyOf(archetypes);
    }
  }

  /**
   * An SMS habit: from {@code at}, {@code share} of the archetypes' devices (all archetypes whose profile allows
   * SMS-MO when empty) send {@code smsPerDay} SMS a day, Poisson in time, to numbers of the classes in
   * {@code destinations} (shares adding up to 1): drivers texting a depot abroad, a device-management gateway on
   * a short code. With {@code at = 0h} it is the archetypes' normal SMS mix in the scenario.
   */
  record SmsHabit(Duration at, Set<Archetype> archetypes, double share, double smsPerDay,
      Map<SmsDestination, Double> destinations, String where) implements ChangeSpec {
    public SmsHabit {
      archetypes = Set.copyOf(archetypes);
      destinations = Map.copyOf(destinations);
    }
  }
}
