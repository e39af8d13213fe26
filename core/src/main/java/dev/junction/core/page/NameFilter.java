package dev.junction.core.page;

import java.util.Optional;
import java.util.Set;

/**
 * Narrows a list by name: to names in {@code anyOf} when present, and never names in {@code
 * noneOf}.
 */
public record NameFilter(Optional<Set<String>> anyOf, Set<String> noneOf) {
  public static final NameFilter ALL = new NameFilter(Optional.empty(), Set.of());

  public NameFilter {
    anyOf = anyOf.map(Set::copyOf);
    noneOf = Set.copyOf(noneOf);
  }

  /** Returns whether {@code name} passes this filter. */
  public boolean matches(String name) {
    return anyOf.map(names -> names.contains(name)).orElse(true) && !noneOf.contains(name);
  }
}
