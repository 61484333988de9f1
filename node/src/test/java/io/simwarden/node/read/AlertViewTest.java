package io.simwarden.node.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simwarden.core.event.SimEvent;
import io.simwarden.core.event.SimTags;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The alert types the API documents and filters on are exactly the events the journal tags as alerts. */
class AlertViewTest {

  @Test
  void theAlertTypesAreTheEventsTaggedAsAlerts() throws Exception {
    TreeSet<String> tagged = new TreeSet<>();
    for (Class<?> type : SimEvent.class.getPermittedSubclasses()) {
      if (SimTags.groupOf(instance(type)) == SimTags.ALERT) {
        tagged.add(type.getSimpleName());
      }
    }
    assertEquals(tagged, new TreeSet<>(AlertView.TYPES));
  }

  /** An event of {@code type} with empty fields; a suspension by the network, which is what alerts see. */
  private static SimEvent instance(Class<?> type) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    List<Object> args = new ArrayList<>();
    for (int i = 0; i < components.length; i++) {
      Class<?> t = components[i].getType();
      types[i] = t;
      args.add(t == boolean.class ? false : t == int.class ? 0 : t == long.class ? 0L : t == double.class ? 0.0
          : t == String.class && components[i].getName().equals("by") ? "network:imei-lock" : null);
    }
    Constructor<?> canonical = type.getDeclaredConstructor(types);
    return (SimEvent) canonical.newInstance(args.toArray());
  }
}
