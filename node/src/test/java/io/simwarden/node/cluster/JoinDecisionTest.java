package io.simwarden.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simwarden.core.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JoinDecisionTest {
  private static final String CP1 = "127.0.0.1:8558";
  private static final String CP2 = "127.0.0.1:8559";
  private static final String CP3 = "127.0.0.1:8560";
  private static final List<String> ALL = List.of(CP1, CP2, CP3);
  private static final String NODE1 = "pekko://simwarden@127.0.0.1:2551";
  private static final String NODE2 = "pekko://simwarden@127.0.0.1:2552";
  private static final String NODE3 = "pekko://simwarden@127.0.0.1:2553";
  private static final Duration MARGIN = Duration.ofSeconds(3);
  private static final Duration LONG = Duration.ofSeconds(10);

  private static JoinDecision node1(Map<String, Set<String>> answers, Duration quietFor) {
    return JoinDecision.decide(CP1, NODE1, ALL, answers, quietFor, MARGIN, true);
  }

  @Test
  void theFirstNodeRestartedAloneJoinsTheMembersOthersReportNeverItsFormerSelf() {
    JoinDecision d = node1(Map.of(CP1, Set.of(), CP2, Set.of(NODE1, NODE2, NODE3)), Duration.ZERO);
    assertEquals(new JoinDecision.Join(List.of(NODE2, NODE3)), d);
  }

  @Test
  void theFirstNodeWhoseOthersDoNotAnswerKeepsAskingHoweverLong() {
    JoinDecision d = node1(Map.of(CP1, Set.of()), LONG);
    assertInstanceOf(JoinDecision.Wait.class, d);
    assertTrue(((JoinDecision.Wait) d).why().contains(CP2 + ", " + CP3), d.toString());
  }

  @Test
  void aNewClusterFormsOnlyWhenEveryoneAnsweredWithoutMembersForTheMarginAndOnlyOnTheLowest() {
    Map<String, Set<String>> nobody = Map.of(CP1, Set.of(), CP2, Set.of(), CP3, Set.of());
    assertInstanceOf(JoinDecision.Wait.class, node1(nobody, Duration.ofSeconds(1)));
    assertEquals(new JoinDecision.Form(), node1(nobody, MARGIN));
    assertInstanceOf(JoinDecision.Wait.class, JoinDecision.decide(CP2, NODE2, ALL, nobody, LONG, MARGIN, true));
    assertInstanceOf(JoinDecision.Wait.class, JoinDecision.decide(CP1, NODE1, ALL, nobody, LONG, MARGIN, false));
  }

  @Test
  void theLowestContactPointComparesPortsAsNumbers() {
    List<String> cps = List.of("127.0.0.1:10000", "127.0.0.1:9000");
    Map<String, Set<String>> nobody = Map.of(cps.get(0), Set.of(), cps.get(1), Set.of());
    assertEquals(new JoinDecision.Form(),
        JoinDecision.decide("127.0.0.1:9000", NODE1, cps, nobody, LONG, MARGIN, true));
  }

  @Test
  void aMembersAnswerCountsReachableUpMembersAndOneWithNoneToJoinIsNoAnswer() {
    assertEquals(Optional.of(Set.of()), ClusterFormation.members("{\"members\":[],\"unreachable\":[]}"));
    assertEquals(Optional.of(Set.of(NODE2)), ClusterFormation.members("""
        {"members":[{"node":"%s","status":"Up"},{"node":"%s","status":"Up"},{"node":"%s","status":"Joining"}],
         "unreachable":[{"node":"%s","observedBy":["%s"]}]}""".formatted(NODE1, NODE2, NODE3, NODE1, NODE2)));
    assertEquals(Optional.empty(), ClusterFormation.members("""
        {"members":[{"node":"%s","status":"Leaving"}],"unreachable":[]}""".formatted(NODE2)));
    assertEquals(Optional.empty(), ClusterFormation.members("<html>not json"));
  }

  @Test
  void aConfigurationThatCouldFormASecondClusterIsRefused() {
    String base = "pekko.management.http.hostname = \"127.0.0.1\"\npekko.management.http.port = 8558\n"
        + "simwarden.cluster.contact-points = []\npekko.cluster.seed-nodes = []\n";
    ValidationException seeds = assertThrows(ValidationException.class, () -> ClusterFormation.validate(
        ConfigFactory.parseString("pekko.cluster.seed-nodes = [\"" + NODE1 + "\", \"" + NODE2 + "\"]")
            .withFallback(ConfigFactory.parseString(base))));
    assertEquals("pekko.cluster.seed-nodes", seeds.field());
    ValidationException none = assertThrows(ValidationException.class, () -> ClusterFormation.validate(
        ConfigFactory.parseString(base)));
    assertEquals("simwarden.cluster.contact-points", none.field());
    ValidationException notSelf = assertThrows(ValidationException.class, () -> ClusterFormation.validate(
        ConfigFactory.parseString("simwarden.cluster.contact-points = [\"" + CP2 + "\", \"" + CP3 + "\"]")
            .withFallback(ConfigFactory.parseString(base))));
    assertTrue(notSelf.problem().contains("own management endpoint " + CP1), notSelf.problem());
    ClusterFormation.validate(ConfigFactory.parseString("simwarden.cluster.contact-points = [\"" + CP1 + "\", \""
        + CP2 + "\", \"" + CP3 + "\"]").withFallback(ConfigFactory.parseString(base)));
    ClusterFormation.validate(ConfigFactory.parseString("pekko.cluster.seed-nodes = [\"" + NODE1 + "\"]")
        .withFallback(ConfigFactory.parseString(base)));
  }
}
