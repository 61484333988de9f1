package io.simwarden.core;

/**
 * A value a user supplied (HTTP body, CLI flag, scenario file) is not acceptable.
 *
 * <p>Carries the name of the offending field so that every edge (HTTP problem+json, CLI error, scenario
 * error) can point at it; the message reads {@code "<field>: <problem>"}.
 */
public final class ValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String problem;

  public ValidationException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The name of the field that was rejected, e.g. {@code imsi} or {@code firewall.rules[2].cidr}. */
  public String field() {
    return field;
  }

  /** What is wrong and, where possible, what to write instead. */
  public String problem() {
    return problem;
  }

  /** The same problem, reported under a more specific field path (e.g. a rule inside a list). */
  public ValidationException under(String parentField) {
    return new ValidationException(parentField + "." + field, problem);
  }

  /** Shortens user input quoted back in messages so a huge value cannot flood a log or response. */
  public static String quote(String input) {
    if (input == null) {
      return "null";
    }
    String shown = input.length() > 40 ? input.substring(0, 40) + "…" : input;
    return "'" + shown + "'";
  }
}
