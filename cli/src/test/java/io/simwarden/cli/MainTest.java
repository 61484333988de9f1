package io.simwarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void helpListsEveryVerb() {
    CliRun r = run("--help");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().contains("demo"), r.out());
    assertTrue(r.out().contains("cassandra"), r.out());
  }

  @Test
  void everyVerbHasHelp() {
    for (String verb : Main.commandLine().getSubcommands().keySet()) {
      if (verb.equals("help")) {
        continue;
      }
      CliRun r = run(verb, "--help");
      assertEquals(0, r.exitCode(), verb + ": " + r.err());
      assertTrue(r.out().contains("Usage: simwarden " + verb), verb + ": " + r.out());
    }
  }

  @Test
  void unknownFlagPrintsWhatIsValidAndExitsNonZero() {
    CliRun r = run("demo", "--meterz", "3");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("'--meterz'"), r.err());
    assertTrue(r.err().contains("--meters"), "usage lists the valid options: " + r.err());
  }

  @Test
  void unknownVerbExitsNonZero() {
    CliRun r = run("simulatte");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("simulatte"), r.err());
  }

  @Test
  void unknownVerbIsAnErrorEvenWithHelpAfterIt() {
    CliRun r = run("sweeep", "--help");
    assertEquals(2, r.exitCode(), r.out());
    assertTrue(r.err().contains("'sweeep'"), r.err());
    assertTrue(r.out().isEmpty(), "no help printed as if the line were fine: " + r.out());
  }

  @Test
  void unknownArgumentAfterAVerbIsAnErrorEvenWithHelp() {
    CliRun r = run("scenarios", "extra", "--help");
    assertEquals(2, r.exitCode(), r.out());
    assertTrue(r.err().contains("'extra'"), r.err());
  }

  @Test
  void everyVerbSummaryIsAWholeSentence() {
    for (var verb : Main.commandLine().getSubcommands().entrySet()) {
      String[] description = verb.getValue().getCommandSpec().usageMessage().description();
      assertTrue(description.length > 0 && description[0].strip().endsWith("."),
          verb.getKey() + "'s summary in the verb list is cut mid-sentence: " + String.join(" | ", description));
    }
  }

  @Test
  void versionNamesTheBuild() {
    CliRun r = run("--version");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("simwarden "), r.out());
    assertTrue(r.out().contains("Java 17"), r.out());
  }

  @Test
  void outOfRangeValueNamesTheFlag() {
    CliRun r = run("demo", "--meters", "1");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--meters must be between 2 and 1000, got 1"), r.err());
  }

  @Test
  void demoShowsTheSecurityDecisionsEndToEnd() {
    CliRun r = run("demo", "--meters", "3");
    assertEquals(0, r.exitCode(), r.err());
    String out = r.out();
    assertTrue(out.contains("REJECTED: device 867530900000017 is not the one this SIM is locked to"), out);
    assertTrue(out.contains("40 blocked by the firewall"), out);
    assertTrue(out.contains("REJECTED: network 310410 is neither home nor on the roaming allowlist"), out);
    assertTrue(out.contains("REFUSED: SIM is TERMINATED"), out);
    assertTrue(out.contains("REJECTED: IRSF_RANGE numbers are not among the profile's voice destinations "
        + "[EMERGENCY, DOMESTIC]"), out);
    assertTrue(out.matches("(?s).*eCall to 112, 9 minutes\\s+ACCEPTED\n.*"), out);
    assertTrue(out.matches("(?s).*208010000000002\\s+acme-utilities\\s+SUSPENDED.*"), out);
  }
}
