package io.simwarden.core.policy;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Immutable sets with a fixed iteration order. Policy sets end up in events, whose canonical encoding
 * feeds the tamper-evidence chain, and in refusal texts: both must be identical on every JVM, which
 * {@link Set#copyOf} (randomised iteration order) does not give.
 */
public final class OrderedSets {

  private OrderedSets() {}

  /** Enum constants in declaration order. */
  public static <E extends Enum<E>> Set<E> ofEnums(Collection<E> values, Class<E> type) {
    EnumSet<E> set = EnumSet.noneOf(type);
    set.addAll(values);
    return Collections.unmodifiableSet(set);
  }

  /** Values ordered by their text form. */
  public static <T> Set<T> byText(Collection<T> values) {
    return Collections.unmodifiableSet(values.stream().sorted(Comparator.comparing(Object::toString))
        .collect(LinkedHashSet::new, Set::add, Set::addAll));
  }
}
