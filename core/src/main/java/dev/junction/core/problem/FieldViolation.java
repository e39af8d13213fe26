package dev.junction.core.problem;

import static java.util.Objects.requireNonNull;

/**
 * Names one field of a request and the rule its value broke.
 *
 * <p>The field is a path in the core's own vocabulary (for example {@code peering.peer_asn} or
 * {@code static_routes[3]}); each dialect renames it to its wire name.
 */
public record FieldViolation(String field, String description) {
  public FieldViolation {
    requireNonNull(field, "field");
    requireNonNull(description, "description");
  }

  @Override
  public String toString() {
    return field + ": " + description;
  }
}
