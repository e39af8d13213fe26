package dev.junction.core.operation;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.Caller;
import dev.junction.core.audit.AuditEvent;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.store.Store;
import dev.junction.core.store.UniqueKey;
import dev.junction.core.store.UniqueViolation;
import dev.junction.core.store.WriteTx;
import dev.junction.core.store.WriterBusy;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Function;

/**
 * Starts long-running operations the same way for every resource: the mutation writes the resource
 * in its transitional state and the operation in one transaction; the caller gets the operation at
 * once; a repeated idempotency key gets the first operation back.
 */
public final class Submitter {
  private final Store store;
  private final InstantSource clock;
  private final Ids ids;
  private final CoreConfig config;
  private final Signals signals;
  private final Admission admission;

  /**
   * @param admission decides, before anything is written, whether the server takes the operation on
   */
  public Submitter(
      Store store,
      InstantSource clock,
      Ids ids,
      CoreConfig config,
      Signals signals,
      Admission admission) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.ids = requireNonNull(ids, "ids");
    this.config = requireNonNull(config, "config");
    this.signals = requireNonNull(signals, "signals");
    this.admission = requireNonNull(admission, "admission");
  }

  /**
   * Runs {@code mutation} in a write transaction and returns the operation it wrote. The mutation
   * turns the uniqueness violations of its own writes into problems.
   *
   * <p>A request with an idempotency key claims the key first in the transaction, before the
   * mutation writes anything, so the database decides which of several concurrent requests with one
   * key does the work: the others fail on the key (not on the VLAN or the name the first one took)
   * once the first commits, and get its operation.
   *
   * <p>The request's audit record is written in the same transaction when its trail says how it
   * will read ({@link dev.junction.core.access.AuditTrail#onCommit}): the change and its record
   * share one commit.
   *
   * <p>A request that repeats an earlier one's key gets that operation even when the server is at
   * its bound; a new one must pass {@link Admission} first, and is refused with nothing written if
   * the server has as much unfinished work as it can carry out.
   */
  public Operation submit(Caller caller, Function<WriteTx, Operation> mutation) {
    Optional<Operation> earlier = earlierOperation(caller);
    if (earlier.isPresent()) {
      return earlier.get().seenBy(caller);
    }
    Submitted submitted;
    try (Admission.Ticket admitted = admission.admit()) {
      submitted =
          store.write(
              Admission.QUEUE_WAIT,
              tx -> {
                caller
                    .idempotencyKey()
                    .ifPresent(key -> tx.claimIdempotencyKey(caller.subject(), key, now()));
                Operation written = mutation.apply(tx);
                Optional<AuditEvent> record =
                    caller.trail().onCommit(written.resourceId(), written.createdAt());
                record.ifPresent(tx::appendAudit);
                return new Submitted(written, record);
              });
    } catch (WriterBusy busy) {
      throw admission.refusal(busy);
    } catch (UniqueViolation violation) {
      if (violation.key() == UniqueKey.IDEMPOTENCY_KEY) {
        return earlierOperation(caller).orElseThrow(() -> violation);
      }
      throw violation;
    }
    Operation operation = submitted.operation();
    caller.trail().touched(operation.resourceId());
    submitted.record().ifPresent(caller.trail()::recorded);
    signals.networkChanged();
    signals.operationsChanged();
    return operation.seenBy(caller);
  }

  /** What a submit's transaction wrote: the operation, and the audit record if it wrote one. */
  private record Submitted(Operation operation, Optional<AuditEvent> record) {}

  /**
   * Returns a new, unfinished operation on a resource.
   *
   * @param previous the state to roll back to if the operation fails
   * @param targetRevision the revision the network must apply; 0 if it needs nothing of it
   */
  public Operation start(
      Caller caller,
      ResourceType resourceType,
      String resourceId,
      OperationVerb verb,
      String scope,
      ResourceState previous,
      long targetRevision) {
    Instant now = clock.instant();
    return new Operation(
        ids.next("cop"),
        resourceType,
        resourceId,
        verb,
        scope,
        describe(resourceType, verb),
        caller.subject(),
        now,
        now,
        now.plus(config.operationTimeout()),
        false,
        Optional.empty(),
        Optional.empty(),
        previous,
        targetRevision,
        false,
        caller.idempotencyKey());
  }

  /** Returns an operation that is done at once with {@code result}, for changes with no work. */
  public Operation finished(
      Caller caller,
      ResourceType resourceType,
      String resourceId,
      OperationVerb verb,
      String scope,
      ResourceState result) {
    return start(caller, resourceType, resourceId, verb, scope, ResourceState.NOTHING, 0)
        .succeeded(result, clock.instant());
  }

  public Instant now() {
    return clock.instant();
  }

  public Ids ids() {
    return ids;
  }

  public CoreConfig config() {
    return config;
  }

  private Optional<Operation> earlierOperation(Caller caller) {
    return caller
        .idempotencyKey()
        .flatMap(key -> store.read(tx -> tx.operationByIdempotencyKey(caller.subject(), key)));
  }

  /** Returns the description of an operation, for example "Create private connection". */
  static String describe(ResourceType resourceType, OperationVerb verb) {
    String noun =
        switch (resourceType) {
          case TRUNK -> "trunk connection";
          case PRIVATE_CONNECTION -> "private connection";
          case PUBLIC_CONNECTION -> "public connection";
          case CNI -> "CNI";
          case TICKET -> "trunk connection ticket";
        };
    return switch (verb) {
      case CREATE -> "Create " + noun;
      case UPDATE -> "Update " + noun;
      case DELETE -> "Delete " + noun;
      case MOVE -> "Move " + noun;
      case UPSERT_STATIC_ROUTES -> "Upsert static routes of " + noun;
      case REMOVE_STATIC_ROUTES -> "Remove static routes of " + noun;
      case REVOKE -> "Revoke " + noun;
    };
  }
}
