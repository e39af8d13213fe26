package dev.junction.core.ticket;

import static java.util.Objects.requireNonNull;

import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.resource.Labels;

/**
 * What a customer asks for in a trunk ticket.
 *
 * @param userMessage free text for the operator
 */
public record TicketSpec(
    String name,
    String description,
    Bandwidth capacity,
    String popId,
    String userMessage,
    Labels labels,
    boolean deletionProtection) {
  public TicketSpec {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(capacity, "capacity");
    requireNonNull(popId, "popId");
    requireNonNull(userMessage, "userMessage");
    requireNonNull(labels, "labels");
  }
}
