package io.simwarden.loadtest.harness;

import java.util.Locale;

/** How big a benchmark run is: {@code quick} (smoke, the whole set in minutes) or {@code full}. */
public enum Profile {
  QUICK,
  FULL;

  /** {@code quick} value when this is the quick profile, else {@code full}. */
  public <T> T pick(T quick, T full) {
    return this == QUICK ? quick : full;
  }

  public int pick(int quick, int full) {
    return this == QUICK ? quick : full;
  }

  public static Profile parse(String text) {
    for (Profile p : values()) {
      if (p.toString().equals(text)) {
        return p;
      }
    }
    throw new IllegalArgumentException("profile must be quick or full, got '" + text + "'");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
