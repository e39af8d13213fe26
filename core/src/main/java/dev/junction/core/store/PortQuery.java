package dev.junction.core.store;

import java.util.Optional;
import java.util.Set;

/**
 * Selects ports of the catalogue.
 *
 * @param popIds only ports at these points of presence
 * @param speed only ports of this speed, as the catalogue writes it ({@code 10G})
 * @param occupied only ports a trunk holds (true) or no trunk holds (false)
 */
public record PortQuery(
    Optional<Set<String>> popIds, Optional<String> speed, Optional<Boolean> occupied) {
  public static final PortQuery ALL =
      new PortQuery(Optional.empty(), Optional.empty(), Optional.empty());

  public PortQuery {
    popIds = popIds.map(Set::copyOf);
  }
}
