package dev.junction.core.operation;

import dev.junction.core.problem.Problem;
import dev.junction.core.store.WriteTx;
import java.time.Instant;

/**
 * Carries out the operations on one resource type, one step at a time. Each step runs inside a
 * write transaction with the operation's lease held, and must be idempotent: a step cut short by a
 * crash runs again.
 */
public interface Execution {

  /** Returns the resource type this execution handles. */
  ResourceType resourceType();

  /**
   * Returns whether every step and rollback of this execution is only a change of the store: it
   * reads and writes through its transaction, and nothing outside it (a network call, a wait) can
   * make it run long. The worker then claims an operation and takes its step in one transaction,
   * one commit where a claim committed first would cost two; a step that may run long needs its
   * claim committed first, so that the heartbeat can keep the lease while it runs.
   */
  default boolean stepsInStore() {
    return false;
  }

  /** Takes the next step of {@code operation}. */
  Step step(WriteTx tx, Operation operation, Instant now);

  /**
   * Puts the resource back as it was before {@code operation}, which fails with {@code problem},
   * and returns the failed operation. Operations that cannot be undone finish normally instead.
   */
  Step rollBack(WriteTx tx, Operation operation, Problem problem, Instant now);
}
