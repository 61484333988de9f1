package io.simwarden.persistence.forensics;

import io.simwarden.core.state.SimState;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link SimState} for people: every field by name in declaration order, so a field added to the state
 * shows up here without a change, and what differs between two states.
 */
public final class StateView {

  /** One field that differs between two states. */
  public record Change(String field, String before, String after) {}

  private StateView() {}

  /** The fields of {@code state}, by name, in declaration order. */
  public static Map<String, String> fields(SimState state) {
    Map<String, String> out = new LinkedHashMap<>();
    for (RecordComponent c : SimState.class.getRecordComponents()) {
      try {
        out.put(c.getName(), String.valueOf(c.getAccessor().invoke(state)));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read SimState." + c.getName(), e);
      }
    }
    return out;
  }

  /** The fields that differ from {@code before} to {@code after}, in declaration order. */
  public static List<Change> diff(SimState before, SimState after) {
    Map<String, String> a = fields(before);
    Map<String, String> b = fields(after);
    List<Change> changes = new ArrayList<>();
    for (Map.Entry<String, String> e : a.entrySet()) {
      if (!Objects.equals(e.getValue(), b.get(e.getKey()))) {
        changes.add(new Change(e.getKey(), e.getValue(), b.get(e.getKey())));
      }
    }
    return changes;
  }
}
