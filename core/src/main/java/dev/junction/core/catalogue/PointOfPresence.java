package dev.junction.core.catalogue;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A point of presence: a facility where customers meet the provider's network.
 *
 * @param id the catalogue id
 * @param name a human-readable name
 * @param locationAddress the postal address of the facility
 * @param connectionPoints where in the facility cross-connects land (rooms, cages, panels)
 * @param site the provider's short site code (for example {@code iad01})
 * @param facilityName the facility operator's name for the building
 * @param facilityAddress the facility's address as lines
 */
public record PointOfPresence(
    String id,
    String name,
    String locationAddress,
    List<String> connectionPoints,
    String site,
    String facilityName,
    List<String> facilityAddress) {
  public PointOfPresence {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(locationAddress, "locationAddress");
    connectionPoints = List.copyOf(connectionPoints);
    requireNonNull(site, "site");
    requireNonNull(facilityName, "facilityName");
    facilityAddress = List.copyOf(facilityAddress);
  }
}
