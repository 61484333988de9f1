package io.simwarden.persistence.cli;

import io.simwarden.core.id.Imsi;
import io.simwarden.core.state.SimState;
import io.simwarden.persistence.forensics.ForensicsJournal;
import io.simwarden.persistence.forensics.SearchCriteria;
import io.simwarden.persistence.forensics.StateView;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "state-at", mixinStandardHelpOptions = true,
    description = {"The state of one SIM at an instant, folded from its events by the entity's own event "
        + "handler; with --diff, what changed between two instants."})
final class ForensicsStateAt extends ForensicsCommand.JournalCommand {
  @Parameters(index = "0", paramLabel = "IMSI")
  String imsi;

  @Parameters(index = "1", paramLabel = "INSTANT", description = "ISO-8601, e.g. 2026-01-01T09:00:00Z.")
  String at;

  @Option(names = "--diff", paramLabel = "INSTANT2", description = "Print what differs at this second instant.")
  String diff;

  private Instant instant;
  private Instant second;

  @Override
  void validate() {
    imsi = Imsi.of(imsi).value();
    instant = SearchCriteria.instant("instant", at);
    second = ForensicsCommand.instantOrNull("diff", diff);
  }

  @Override
  int run(ForensicsJournal journal, ActorSystem<Void> system) {
    SimState state = ForensicsCommand.join(journal.stateAt(imsi, instant));
    PrintWriter out = out();
    if (!state.isProvisioned()) {
      err().println("SIM " + imsi + " was not provisioned at " + instant);
    }
    if (second == null) {
      out.println("state of " + imsi + " at " + instant);
      for (Map.Entry<String, String> f : StateView.fields(state).entrySet()) {
        out.printf("  %-20s %s%n", f.getKey(), f.getValue());
      }
    } else {
      List<StateView.Change> changes = StateView.diff(state, ForensicsCommand.join(journal.stateAt(imsi, second)));
      out.println("state of " + imsi + ": " + changes.size() + " fields differ from " + instant + " to " + second);
      for (StateView.Change c : changes) {
        out.printf("  %-20s %s%n  %-20s -> %s%n", c.field(), c.before(), "", c.after());
      }
    }
    out.flush();
    return 0;
  }
}
