package dev.junction.core.operation;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import java.time.InstantSource;
import java.util.List;

/**
 * The use cases on operations themselves: read one, ask for one to be cancelled, and list the
 * unfinished and the failed ones of the scopes a caller may read.
 */
public final class Operations {
  /** How many unfinished operations {@link #unfinished} looks through for the caller's. */
  static final int UNFINISHED_SCAN = 10_000;

  private final Store store;
  private final InstantSource clock;
  private final Signals signals;

  public Operations(Store store, InstantSource clock, Signals signals) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.signals = requireNonNull(signals, "signals");
  }

  /** Returns operation {@code id}, if {@code caller} may read its scope; else it does not exist. */
  public Operation get(Caller caller, String id) {
    return store.read(tx -> readable(tx, caller, id)).seenBy(caller);
  }

  /**
   * Returns the operations {@code caller} may read that are not done yet, oldest first, at most
   * {@code limit}: the operator sees every scope's, anyone else those of the scopes it may read.
   */
  public List<Operation> unfinished(Caller caller, int limit) {
    return store.read(tx -> tx.unfinishedOperations(UNFINISHED_SCAN)).stream()
        .filter(operation -> caller.access().canRead(operation.scope()))
        .limit(limit)
        .map(operation -> operation.seenBy(caller))
        .toList();
  }

  /**
   * Returns the latest operations {@code caller} may read that ended with an error, newest first,
   * at most {@code limit}.
   */
  public List<Operation> failed(Caller caller, int limit) {
    return store.read(tx -> tx.failedOperations(caller.access().readableScopes(), limit)).stream()
        .map(operation -> operation.seenBy(caller))
        .toList();
  }

  private static Operation readable(ReadTx tx, Caller caller, String id) {
    Operation operation =
        tx.operation(id).orElseThrow(() -> ProblemException.notFound("operation", id));
    AccessGuard.read(caller, operation.scope(), "operation", id);
    return operation;
  }

  /**
   * Asks for operation {@code id} to be cancelled and returns it as it stands. Cancellation is best
   * effort: a worker honours it between steps, rolls the resource back and ends the operation with
   * a CANCELLED error; an operation that is done, or that has no step left to skip, finishes as it
   * would have.
   */
  public Operation cancel(Caller caller, String id) {
    Operation operation =
        store.write(
            tx -> {
              Operation current = readable(tx, caller, id);
              AccessGuard.write(caller, current.scope(), "operation", id);
              if (current.done() || current.cancelRequested()) {
                return current;
              }
              Operation cancelling = current.cancelling(clock.instant());
              tx.updateOperation(cancelling);
              return cancelling;
            });
    signals.operationsChanged();
    return operation.seenBy(caller);
  }
}
