package dev.junction.core.catalogue;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A telecom partner through which customers reach the provider without their own port.
 *
 * @param popIds the points of presence where the partner is joined to the provider
 */
public record Partner(String id, String name, String url, List<String> popIds, boolean up) {
  public Partner {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(url, "url");
    popIds = List.copyOf(popIds);
  }
}
