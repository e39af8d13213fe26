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

  /** Takes the next step of {@code operation}. */
  Step step(WriteTx tx, Operation operation, Instant now);

  /**
   * Puts the resource back as it was before {@code operation}, which fails with {@code problem},
   * and returns the failed operation. Operations that cannot be undone finish normally instead.
   */
  Step rollBack(WriteTx tx, Operation operation, Problem problem, Instant now);
}
