package io.simwarden.core.detect;

import java.util.Arrays;

/**
 * A bounded set of learned keys in one {@code long[]}: each entry holds a key in its low
 * {@value #KEY_BITS} bits and a hit count in the bits above. When the set is full, a new key replaces
 * the entry with the fewest hits; when a hit count saturates, every count is halved, so old habits fade
 * and new ones can take their place. Arrays are never changed in place: learning returns a new array.
 */
final class LearnedSet {

  static final int KEY_BITS = 49;
  static final long KEY_MASK = (1L << KEY_BITS) - 1;
  private static final long MAX_HITS = (1L << (64 - KEY_BITS)) - 1;

  private LearnedSet() {}

  /** Whether {@code key} is in {@code set}. Allocates nothing. */
  static boolean contains(long[] set, long key) {
    for (long entry : set) {
      if ((entry & KEY_MASK) == key) {
        return true;
      }
    }
    return false;
  }

  static long key(long entry) {
    return entry & KEY_MASK;
  }

  static long hits(long entry) {
    return entry >>> KEY_BITS;
  }

  /** {@code set} with one more hit for each of the first {@code count} {@code keys}, within {@code capacity}. */
  static long[] learn(long[] set, long[] keys, int count, int capacity) {
    if (count == 0) {
      return set;
    }
    long[] out = Arrays.copyOf(set, Math.min(capacity, set.length + count));
    int size = set.length;
    for (int k = 0; k < count; k++) {
      long key = keys[k];
      int at = indexOf(out, size, key);
      if (at >= 0) {
        if (hits(out[at]) == MAX_HITS) {
          halve(out, size);
        }
        out[at] += 1L << KEY_BITS;
      } else if (size < out.length) {
        out[size++] = entry(key, 1);
      } else {
        out[fewestHits(out, size)] = entry(key, 1);
      }
    }
    return size == out.length ? out : Arrays.copyOf(out, size);
  }

  private static long entry(long key, long hits) {
    return hits << KEY_BITS | key;
  }

  private static int indexOf(long[] set, int size, long key) {
    for (int i = 0; i < size; i++) {
      if ((set[i] & KEY_MASK) == key) {
        return i;
      }
    }
    return -1;
  }

  private static int fewestHits(long[] set, int size) {
    int fewest = 0;
    for (int i = 1; i < size; i++) {
      if (hits(set[i]) < hits(set[fewest])) {
        fewest = i;
      }
    }
    return fewest;
  }

  private static void halve(long[] set, int size) {
    for (int i = 0; i < size; i++) {
      set[i] = entry(key(set[i]), Math.max(1, hits(set[i]) / 2));
    }
  }
}
