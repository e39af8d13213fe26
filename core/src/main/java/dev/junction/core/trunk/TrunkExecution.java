package dev.junction.core.trunk;

import static java.util.Objects.requireNonNull;

import dev.junction.core.network.Progress;
import dev.junction.core.operation.Execution;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationVerb;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.operation.ResourceType;
import dev.junction.core.operation.Step;
import dev.junction.core.problem.Problem;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.WriteTx;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Carries out operations on trunks: creating or deleting a trunk with ports is done once the router
 * reports the ports configured or released; other changes touch no router and finish at once.
 */
public final class TrunkExecution implements Execution {
  private final Duration pollInterval;

  public TrunkExecution(Duration pollInterval) {
    this.pollInterval = requireNonNull(pollInterval, "pollInterval");
  }

  @Override
  public ResourceType resourceType() {
    return ResourceType.TRUNK;
  }

  /** Its steps read the router's progress from the store and change only the store. */
  @Override
  public boolean stepsInStore() {
    return true;
  }

  @Override
  public Step step(WriteTx tx, Operation operation, Instant now) {
    Optional<Trunk> found = tx.trunk(operation.resourceId());
    if (found.isEmpty()) {
      return new Step.Finished(
          operation.failed(
              new Problem.FailedPrecondition(
                  "trunk " + operation.resourceId() + " no longer exists"),
              now));
    }
    Trunk trunk = found.get();
    if (operation.targetRevision() > 0) {
      Progress progress = Progress.of(tx, trunk.id(), operation.targetRevision());
      if (progress instanceof Progress.Pending) {
        return new Step.Wait(pollInterval);
      }
      if (progress instanceof Progress.Refused refused) {
        return rollBack(
            tx,
            operation,
            new Problem.Unavailable("the router refused the change: " + refused.reason()),
            now);
      }
    }
    if (operation.verb() == OperationVerb.DELETE) {
      tx.deleteTrunk(trunk.id());
      return new Step.Finished(operation.succeeded(ResourceState.NOTHING, now));
    }
    Trunk active = trunk.withStatus(ResourceStatus.ACTIVE);
    tx.updateTrunk(active);
    return new Step.Finished(operation.succeeded(new ResourceState.OfTrunk(active), now));
  }

  @Override
  public Step rollBack(WriteTx tx, Operation operation, Problem problem, Instant now) {
    Optional<Trunk> found = tx.trunk(operation.resourceId());
    boolean undoable =
        operation.verb() == OperationVerb.CREATE || operation.verb() == OperationVerb.DELETE;
    if (found.isEmpty() || !undoable || operation.targetRevision() == 0) {
      return step(tx, operation, now);
    }
    Trunk current = found.get();
    if (operation.verb() == OperationVerb.CREATE) {
      tx.deleteTrunk(current.id());
    } else {
      tx.updateTrunk(current.withStatus(ResourceStatus.ACTIVE).nextRevision());
    }
    return new Step.Finished(operation.failed(problem, now));
  }
}
