package io.simwarden.persistence.cassandra;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Java heap for the Cassandra JVM, given as {@code 512m} or {@code 1g} (the {@code -Xmx} notation). */
public record HeapSize(long megabytes) {

  /** Below this Cassandra 5 runs out of heap while opening its system keyspaces. */
  public static final long MINIMUM_MEGABYTES = 512;

  private static final Pattern NOTATION = Pattern.compile("([1-9][0-9]{0,6})([mg])");

  public HeapSize {
    if (megabytes < MINIMUM_MEGABYTES) {
      throw new IllegalArgumentException(
          "Cassandra needs a heap of at least " + MINIMUM_MEGABYTES + "m, got " + megabytes + "m");
    }
  }

  public static HeapSize parse(String text) {
    Matcher matcher = NOTATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "heap size '" + text + "' is not a number followed by m or g, for example 512m or 1g");
    }
    long amount = Long.parseLong(matcher.group(1));
    return new HeapSize(matcher.group(2).equals("g") ? amount * 1024 : amount);
  }

  /** The value for {@code -Xms}/{@code -Xmx}. */
  public String jvmNotation() {
    return megabytes % 1024 == 0 ? (megabytes / 1024) + "g" : megabytes + "m";
  }

  @Override
  public String toString() {
    return jvmNotation();
  }
}
