package dev.junction.core.operation;

import dev.junction.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Unfinished operations on a trunk ticket, for the tests of what drives and waits on operations.
 */
final class TicketOperations {
  private TicketOperations() {}

  /** Returns an unfinished create of ticket {@code "ticket-" + id}, made at {@code at}. */
  static Operation unfinished(String id, Instant at) {
    return new Operation(
        id,
        ResourceType.TICKET,
        "ticket-" + id,
        OperationVerb.CREATE,
        "folder-a",
        "Create trunk connection ticket",
        "user-1",
        at,
        at,
        at.plus(Duration.ofHours(1)),
        false,
        Optional.empty(),
        Optional.empty(),
        ResourceState.NOTHING,
        0,
        false,
        Optional.empty());
  }

  /** Stores {@code operation} in a write of its own. */
  static void insert(Store store, Operation operation) {
    store.write(
        tx -> {
          tx.insertOperation(operation);
          return null;
        });
  }
}
