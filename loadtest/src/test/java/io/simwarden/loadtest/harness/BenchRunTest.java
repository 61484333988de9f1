package io.simwarden.loadtest.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simwarden.loadtest.bench.Benchmarks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BenchRunTest {

  private static final PrintWriter OUT = new PrintWriter(new StringWriter());

  @Test
  void theRunsOfOneInvocationShareWhatTheFirstSetUp() throws Exception {
    Map<String, Object> fixtures = new HashMap<>();
    AtomicInteger setUps = new AtomicInteger();
    List<Long> bases = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      BenchRun run = new BenchRun(Profile.QUICK, 3, r, null, OUT, fixtures);
      bases.add(run.shared("journal", () -> {
        setUps.incrementAndGet();
        return run.simBase();
      }));
    }
    assertEquals(1, setUps.get(), "set up once for three runs");
    assertEquals(List.of(3_000_000_000L, 3_000_000_000L, 3_000_000_000L), bases, "every run sees the first's");
  }

  @Test
  void anotherInvocationSetsUpAgain() throws Exception {
    Object first = new BenchRun(Profile.QUICK, 3, 0, null, OUT).shared("journal", Object::new);
    Object second = new BenchRun(Profile.QUICK, 3, 0, null, OUT).shared("journal", Object::new);
    assertNotEquals(first, second);
    Map<String, Object> fixtures = new HashMap<>();
    Object kept = new BenchRun(Profile.QUICK, 3, 0, null, OUT, fixtures).shared("a", Object::new);
    assertSame(kept, new BenchRun(Profile.QUICK, 3, 1, null, OUT, fixtures).shared("a", Object::new));
  }

  @Test
  void aFailedSetUpIsTriedAgainByTheNextRun() throws Exception {
    Map<String, Object> fixtures = new HashMap<>();
    BenchRun run = new BenchRun(Profile.QUICK, 3, 0, null, OUT, fixtures);
    assertThrows(IllegalStateException.class, () -> run.shared("journal", () -> {
      throw new IllegalStateException("Cassandra timed out");
    }));
    assertEquals("written", new BenchRun(Profile.QUICK, 3, 1, null, OUT, fixtures).shared("journal", () -> "written"));
  }

  @Test
  void allLeavesOutWhatIsRunOnItsOwn() {
    assertEquals(List.of("traffic", "journal", "memory", "recovery", "http", "scaling", "jmh"), inAll(Profile.QUICK));
    assertEquals(List.of("traffic", "journal", "recovery", "http", "scaling", "jmh"), inAll(Profile.FULL),
        "at full size memory (3 M SIMs through Cassandra a run) and fleet-day run on their own");
  }

  private static List<String> inAll(Profile profile) {
    return Benchmarks.ALL.stream().filter(b -> b.inAll(profile)).map(Benchmark::name).toList();
  }
}
