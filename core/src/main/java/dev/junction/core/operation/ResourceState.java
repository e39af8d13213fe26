package dev.junction.core.operation;

import static java.util.Objects.requireNonNull;

import dev.junction.core.attachment.Attachment;
import dev.junction.core.ticket.Ticket;
import dev.junction.core.trunk.Trunk;

/**
 * Returns a resource as it stood at one moment: the response of a finished operation, or the state
 * an unfinished one rolls back to.
 */
public sealed interface ResourceState {

  /** Nothing: the response of a delete, or the state before a create. */
  record Nothing() implements ResourceState {}

  record OfTrunk(Trunk trunk) implements ResourceState {
    public OfTrunk {
      requireNonNull(trunk, "trunk");
    }
  }

  record OfAttachment(Attachment attachment) implements ResourceState {
    public OfAttachment {
      requireNonNull(attachment, "attachment");
    }
  }

  record OfTicket(Ticket ticket) implements ResourceState {
    public OfTicket {
      requireNonNull(ticket, "ticket");
    }
  }

  ResourceState NOTHING = new Nothing();

  /** Returns this state as {@code caller} may see it: an attachment without secrets to viewers. */
  default ResourceState seenBy(dev.junction.core.access.Caller caller) {
    return this instanceof OfAttachment(Attachment attachment)
        ? new OfAttachment(attachment.seenBy(caller))
        : this;
  }
}
