package io.simwarden.cli;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** An unexpected failure told in one line: each cause's own message, outermost first, without class names. */
final class Failure {

  private Failure() {}

  static String describe(Throwable failure) {
    List<String> messages = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      String message = t.getMessage();
      Throwable cause = t.getCause();
      // new RuntimeException(cause) repeats the cause as its message: the cause says it itself.
      boolean onlyRepeatsCause = cause != null && message != null && message.equals(cause.toString());
      if (message != null && !message.isBlank() && !onlyRepeatsCause && !messages.contains(message.strip())) {
        messages.add(message.strip());
      }
    }
    return messages.isEmpty() ? "unexpected " + failure.getClass().getSimpleName() : String.join(": ", messages);
  }
}
