package io.simwarden.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simwarden.core.detect.Baseline;
import io.simwarden.core.detect.SmsBaseline;
import io.simwarden.core.detect.Trend;
import io.simwarden.core.detect.VoiceBaseline;
import io.simwarden.core.event.EventChain;
import io.simwarden.core.event.SampleEvents;
import io.simwarden.core.event.SimEvent;
import io.simwarden.core.state.SimState;
import io.simwarden.persistence.fixtures.SerializationFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stored serialized bytes of every event type and of the snapshot state still deserialize to the
 * expected values: an incompatible change to an event fails the build (see docs/events.md).
 * {@code -Dsimwarden.fixtures.write=true} writes the fixtures that are missing, never overwriting one.
 */
class EventFixturesTest {

  private static final String DIR = "event-fixtures";
  private static final String INDEX = "index.properties";
  /** A snapshot state that remembers a client's keyed request. */
  private static final String WITH_REQUEST_KEYS = "SimStateWithRequestKeys";
  private static SerializationFixtures fixtures;

  @BeforeAll
  static void start() {
    fixtures = new SerializationFixtures(DIR);
  }

  @AfterAll
  static void stop() {
    fixtures.close();
  }

  /** Fixture name → the value it must deserialize to. */
  private static Map<String, Object> expected() {
    Map<String, Object> all = new LinkedHashMap<>();
    List<SimEvent> sealed = EventChain.seal(EventChain.GENESIS, SampleEvents.oneOfEachType());
    for (SimEvent e : sealed) {
      all.put(e.getClass().getSimpleName(), e);
    }
    all.put("SimState", SimState.EMPTY.applyAll(beforeRequestKeys(sealed)));
    all.put(WITH_REQUEST_KEYS, SimState.EMPTY.applyAll(sealed));
    return all;
  }

  @Test
  void everyEventTypeAndTheSnapshotStateHaveAFixture() throws IOException {
    Properties index = loadIndex();
    Set<String> required = new TreeSet<>();
    for (Class<?> type : SimEvent.class.getPermittedSubclasses()) {
      required.add(type.getSimpleName());
    }
    required.add("SimState");
    required.add(WITH_REQUEST_KEYS);
    Set<String> missing = new TreeSet<>(required);
    missing.removeAll(index.stringPropertyNames());
    if (!missing.isEmpty() && SerializationFixtures.writeRequested()) {
      writeMissing(missing, index);
      missing.clear();
    }
    assertEquals(Set.of(), missing, "no stored fixture for these types; run the command in docs/events.md to add them");
  }

  @Test
  void storedFixturesStillDeserializeToTheSameValues() throws IOException {
    Properties index = loadIndex();
    Map<String, Object> expected = expected();
    List<String> checked = new ArrayList<>();
    for (String name : new TreeSet<>(index.stringPropertyNames())) {
      String[] entry = index.getProperty(name).split("\\|", 3);
      int serializerId = Integer.parseInt(entry[0]);
      String manifest = entry[1];
      byte[] bytes = fixtures.read(entry[2]);
      if (bytes == null) {
        throw new IOException("fixture file " + entry[2] + " is listed in " + INDEX + " but missing");
      }
      Object decoded = fixtures.decode(bytes, serializerId, manifest);
      String base = name.contains(".v") ? name.substring(0, name.indexOf(".v")) : name;
      if (expected.containsKey(base) && !name.contains(".v")) {
        assertEquals(expected.get(base), decoded, "fixture " + name + " decodes to something else");
      } else {
        // an old version of a named state (SimStateWithRequestKeys.v1) decodes to that state's class
        Class<?> type = expected.containsKey(base) ? expected.get(base).getClass() : null;
        assertTrue(type != null ? type.isInstance(decoded) : decoded.getClass().getSimpleName().equals(base),
            name + " decoded as " + decoded.getClass());
      }
      checked.add(name);
    }
    assertTrue(checked.size() >= expected.size(), "checked " + checked);
  }

  /** A snapshot taken before voice existed loads with no voice history, everything else as it was folded. */
  @Test
  void aSnapshotFromBeforeVoiceLoadsWithoutVoiceHistory() throws IOException {
    String[] entry = loadIndex().getProperty("SimState.v1").split("\\|", 3);
    SimState old = (SimState) fixtures.decode(fixtures.read(entry[2]), Integer.parseInt(entry[0]), entry[1]);
    assertEquals(VoiceBaseline.NONE, old.baseline().voice());
    List<SimEvent> sealed = beforeRequestKeys(EventChain.seal(EventChain.GENESIS, SampleEvents.oneOfEachType()));
    SimEvent lastBeforeVoice = sealed.get(sealed.size() - 4);
    assertEquals(lastBeforeVoice.chain(), old.chain());
    assertEquals(withoutTrend(SimState.EMPTY.applyAll(sealed.subList(0, sealed.size() - 3))), old);
  }

  /** A snapshot taken before the trend counters existed loads with none, everything else as it was folded. */
  @Test
  void aSnapshotFromBeforeTheTrendLoadsWithoutTrend() throws IOException {
    String[] entry = loadIndex().getProperty("SimState.v2").split("\\|", 3);
    SimState old = (SimState) fixtures.decode(fixtures.read(entry[2]), Integer.parseInt(entry[0]), entry[1]);
    assertEquals(Trend.NONE, old.baseline().trend());
    List<SimEvent> sealed = beforeRequestKeys(EventChain.seal(EventChain.GENESIS, SampleEvents.oneOfEachType()));
    assertEquals(withoutTrend(SimState.EMPTY.applyAll(sealed.subList(0, sealed.size() - 1))), old);
  }

  /** A snapshot taken before SMS classes existed loads with no SMS-class history, everything else as folded. */
  @Test
  void aSnapshotFromBeforeSmsClassesLoadsWithoutThem() throws IOException {
    String[] entry = loadIndex().getProperty("SimState.v3").split("\\|", 3);
    SimState old = (SimState) fixtures.decode(fixtures.read(entry[2]), Integer.parseInt(entry[0]), entry[1]);
    assertEquals(SmsBaseline.NONE, old.baseline().sms());
    List<SimEvent> sealed = beforeRequestKeys(EventChain.seal(EventChain.GENESIS, SampleEvents.oneOfEachType()));
    // its trend was folded by the learning rules of its day (checked by the snapshot of before the learned counters)
    assertEquals(withTrend(SimState.EMPTY.applyAll(sealed.subList(0, sealed.size() - 1)), old.baseline().trend(),
        SmsBaseline.NONE), old);
  }

  /**
   * A snapshot taken before the counters of what the usual counters learned in the last day loads with none: the
   * rate before the last day then counts the last day's learning as older, until that day is past.
   */
  @Test
  void aSnapshotFromBeforeTheLearnedCountersLoadsWithoutThem() throws IOException {
    String[] entry = loadIndex().getProperty("SimState.v4").split("\\|", 3);
    SimState old = (SimState) fixtures.decode(fixtures.read(entry[2]), Integer.parseInt(entry[0]), entry[1]);
    Trend t = old.baseline().trend();
    assertEquals(List.of(0.0, 0.0, 0.0), List.of(t.learnedSms(), t.learnedBlocked(), t.learnedAttaches()));
    assertTrue(t.usualSms() > 0 && t.usualAttaches() > 0, t.toString());
    SmsBaseline m = old.baseline().sms();
    assertEquals(List.of(0.0, 0.0), List.of(m.learnedInternational(), m.learnedPremium()));
    assertEquals(3.0, m.recentPremium());
    List<SimEvent> sealed = beforeRequestKeys(EventChain.seal(EventChain.GENESIS, SampleEvents.oneOfEachType()));
    SimState now = SimState.EMPTY.applyAll(sealed);
    assertEquals(withTrend(now, t, m), old);
  }

  /** The sample events before the last, a client's keyed request: what the states stored before it existed saw. */
  private static List<SimEvent> beforeRequestKeys(List<SimEvent> sealed) {
    return sealed.subList(0, sealed.size() - 1);
  }

  /** {@code s} as a snapshot taken before the trend counters existed would load. */
  private static SimState withoutTrend(SimState s) {
    return withTrend(s, Trend.NONE, SmsBaseline.NONE);
  }

  /** {@code s} with the trend and SMS-class counters {@code trend} and {@code sms}. */
  private static SimState withTrend(SimState s, Trend trend, SmsBaseline sms) {
    Baseline b = s.baseline();
    Baseline none = new Baseline(b.windows(), b.anomalies(), b.standing(), b.blocked(), b.stats(), b.destinations(),
        b.ports(), b.networks(), b.zones(), b.devices(), b.voice(), trend, sms);
    RecordComponent[] parts = SimState.class.getRecordComponents();
    Object[] values = new Object[parts.length];
    Class<?>[] types = new Class<?>[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        types[i] = parts[i].getType();
        values[i] = parts[i].getName().equals("baseline") ? none : parts[i].getAccessor().invoke(s);
      }
      return SimState.class.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Properties loadIndex() throws IOException {
    Properties index = new Properties();
    try (InputStream in = EventFixturesTest.class.getClassLoader().getResourceAsStream(DIR + "/" + INDEX)) {
      if (in != null) {
        index.load(in);
      }
    }
    return index;
  }

  private static void writeMissing(Set<String> missing, Properties index) throws IOException {
    Map<String, Object> expected = expected();
    for (String name : missing) {
      String file = name + ".cbor";
      index.setProperty(name, fixtures.write(file, expected.get(name)) + "|" + file);
    }
    try (OutputStream out = Files.newOutputStream(fixtures.sourceDir().resolve(INDEX))) {
      index.store(out, "event-schema fixtures: name=serializerId|manifest|file (see docs/events.md)");
    }
  }
}
