package io.simwarden.sim.scenario;

/**
 * A scenario that cannot be run, with where the problem is: the file (or built-in name), the line when
 * known, the key, and what to change. Its message reads {@code file:line: key: problem}.
 */
public final class ScenarioException extends RuntimeException {

  private final String source;
  private final int line;
  private final String key;
  private final String problem;

  public ScenarioException(String source, int line, String key, String problem) {
    super(format(source, line, key, problem));
    this.source = source;
    this.line = line;
    this.key = key;
    this.problem = problem;
  }

  private static String format(String source, int line, String key, String problem) {
    StringBuilder b = new StringBuilder(source);
    if (line > 0) {
      b.append(':').append(line);
    }
    b.append(": ");
    if (key != null && !key.isEmpty()) {
      b.append(key).append(": ");
    }
    return b.append(problem).toString();
  }

  /** The scenario file, or {@code builtin:NAME}, or a command-line flag the value came from. */
  public String source() {
    return source;
  }

  /** The line in {@link #source()}, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The key (path) the problem is about, e.g. {@code attacks[1].start}; may be empty for syntax errors. */
  public String key() {
    return key;
  }

  public String problem() {
    return problem;
  }
}
