package dev.junction.core.operation;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.Caller;
import dev.junction.core.problem.Problem;
import java.time.Instant;
import java.util.Optional;

/**
 * A long-running change to one resource. It is written in the same transaction as the resource's
 * transitional state, so it is never lost; a worker drives it to {@code done} with either an error
 * or a response.
 *
 * @param scope the scope the resource was in when the operation started
 * @param deadline after this, an unfinished operation fails and its resource is rolled back
 * @param previous the state the resource returns to if the operation fails
 * @param targetRevision the resource revision the network must apply before the operation is done
 * @param idempotencyKey the caller's key; a repeated key returns this operation
 */
public record Operation(
    String id,
    ResourceType resourceType,
    String resourceId,
    OperationVerb verb,
    String scope,
    String description,
    String createdBy,
    Instant createdAt,
    Instant modifiedAt,
    Instant deadline,
    boolean done,
    Optional<Problem> error,
    Optional<ResourceState> response,
    ResourceState previous,
    long targetRevision,
    boolean cancelRequested,
    Optional<String> idempotencyKey) {
  public Operation {
    requireNonNull(id, "id");
    requireNonNull(resourceType, "resourceType");
    requireNonNull(resourceId, "resourceId");
    requireNonNull(verb, "verb");
    requireNonNull(scope, "scope");
    requireNonNull(description, "description");
    requireNonNull(createdBy, "createdBy");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(modifiedAt, "modifiedAt");
    requireNonNull(deadline, "deadline");
    requireNonNull(error, "error");
    requireNonNull(response, "response");
    requireNonNull(previous, "previous");
    requireNonNull(idempotencyKey, "idempotencyKey");
    if (done && error.isEmpty() && response.isEmpty()) {
      throw new IllegalArgumentException("a done operation needs an error or a response");
    }
    if (error.isPresent() && response.isPresent()) {
      throw new IllegalArgumentException("an operation has an error or a response, not both");
    }
  }

  /** Returns this operation finished with {@code result} at {@code now}. */
  public Operation succeeded(ResourceState result, Instant now) {
    return new Operation(
        id,
        resourceType,
        resourceId,
        verb,
        scope,
        description,
        createdBy,
        createdAt,
        now,
        deadline,
        true,
        Optional.empty(),
        Optional.of(result),
        previous,
        targetRevision,
        cancelRequested,
        idempotencyKey);
  }

  /** Returns this operation finished with {@code problem} at {@code now}. */
  public Operation failed(Problem problem, Instant now) {
    return new Operation(
        id,
        resourceType,
        resourceId,
        verb,
        scope,
        description,
        createdBy,
        createdAt,
        now,
        deadline,
        true,
        Optional.of(problem),
        Optional.empty(),
        previous,
        targetRevision,
        cancelRequested,
        idempotencyKey);
  }

  /** Returns this operation with cancellation requested at {@code now}. */
  public Operation cancelling(Instant now) {
    return new Operation(
        id,
        resourceType,
        resourceId,
        verb,
        scope,
        description,
        createdBy,
        createdAt,
        now,
        deadline,
        done,
        error,
        response,
        previous,
        targetRevision,
        true,
        idempotencyKey);
  }

  /**
   * Returns this operation as {@code caller} may see it: a resource in its response and its
   * rollback state is shown as {@code caller} may see that resource (no secrets to viewers).
   */
  public Operation seenBy(Caller caller) {
    Optional<ResourceState> seenResponse = response.map(state -> state.seenBy(caller));
    ResourceState seenPrevious = previous.seenBy(caller);
    if (seenResponse.equals(response) && seenPrevious.equals(previous)) {
      return this;
    }
    return new Operation(
        id,
        resourceType,
        resourceId,
        verb,
        scope,
        description,
        createdBy,
        createdAt,
        modifiedAt,
        deadline,
        done,
        error,
        seenResponse,
        seenPrevious,
        targetRevision,
        cancelRequested,
        idempotencyKey);
  }
}
