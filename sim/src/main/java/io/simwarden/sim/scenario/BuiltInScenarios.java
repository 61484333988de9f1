package io.simwarden.sim.scenario;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** The scenarios shipped in {@code sim/src/main/resources/scenarios/}, and resolving a name or a file. */
public final class BuiltInScenarios {

  private static final List<String> NAMES = List.of("quickstart", "mirai", "sim-theft", "exfiltration",
      "signalling-storm", "sms-fraud", "voice-fraud", "clean-week", "stealth", "control-firmware-update",
      "control-schedule-shift", "control-outage", "control-roaming-partner", "control-sms-abroad");

  private BuiltInScenarios() {}

  public static List<String> names() {
    return NAMES;
  }

  /** The built-in scenario {@code name}. */
  public static Scenario load(String name) {
    return load(name, UnaryOperator.identity());
  }

  /** The built-in scenario {@code name} after {@code edit} changed its configuration. */
  public static Scenario load(String name, UnaryOperator<Config> edit) {
    if (!NAMES.contains(name)) {
      throw new ScenarioException(name, 0, "", "no built-in scenario of this name; built-ins: "
          + String.join(", ", NAMES));
    }
    String resource = "scenarios/" + name + ".conf";
    try (InputStream in = BuiltInScenarios.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in scenario " + resource + " is missing from the classpath");
      }
      return ScenarioParser.parseText(new String(in.readAllBytes(), StandardCharsets.UTF_8), "builtin:" + name
          + ".conf", name, edit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A built-in name, or else a path to a scenario file. */
  public static Scenario resolve(String nameOrFile) {
    return resolve(nameOrFile, UnaryOperator.identity());
  }

  /** A built-in name, or else a path to a scenario file, after {@code edit} changed its configuration. */
  public static Scenario resolve(String nameOrFile, UnaryOperator<Config> edit) {
    if (NAMES.contains(nameOrFile)) {
      return load(nameOrFile, edit);
    }
    Path file = Path.of(nameOrFile);
    if (!Files.exists(file)) {
      throw new ScenarioException(nameOrFile, 0, "", "neither a built-in scenario (" + String.join(", ", NAMES)
          + ") nor an existing file");
    }
    return ScenarioParser.parseFile(file, edit);
  }
}
