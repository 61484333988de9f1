package io.simwarden.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum constant with the lower-case name scenario files and reports use for it. */
public interface Named {

  String id();

  /** The constant of {@code type} whose id is {@code text} (case and surrounding spaces ignored), or {@code null}. */
  static <E extends Enum<E> & Named> E byId(Class<E> type, String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.id().equals(wanted)) {
        return e;
      }
    }
    return null;
  }

  /** Every id of {@code type}, comma-separated, for messages. */
  static <E extends Enum<E> & Named> String ids(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Named::id).collect(Collectors.joining(", "));
  }
}
