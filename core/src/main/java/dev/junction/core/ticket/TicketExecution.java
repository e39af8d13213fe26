package dev.junction.core.ticket;

import dev.junction.core.operation.Execution;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.operation.ResourceType;
import dev.junction.core.operation.Step;
import dev.junction.core.problem.Problem;
import dev.junction.core.store.WriteTx;
import java.time.Instant;

/**
 * Carries out operations on tickets. Creating and revoking a ticket are written when they are asked
 * for; the operation finishes with the ticket as it then stands.
 */
public final class TicketExecution implements Execution {

  @Override
  public ResourceType resourceType() {
    return ResourceType.TICKET;
  }

  /** Its steps read the router's progress from the store and change only the store. */
  @Override
  public boolean stepsInStore() {
    return true;
  }

  @Override
  public Step step(WriteTx tx, Operation operation, Instant now) {
    return tx.ticket(operation.resourceId())
        .<Step>map(
            ticket ->
                new Step.Finished(operation.succeeded(new ResourceState.OfTicket(ticket), now)))
        .orElseGet(
            () ->
                new Step.Finished(
                    operation.failed(
                        new Problem.FailedPrecondition(
                            "trunk ticket " + operation.resourceId() + " no longer exists"),
                        now)));
  }

  @Override
  public Step rollBack(WriteTx tx, Operation operation, Problem problem, Instant now) {
    return step(tx, operation, now);
  }
}
