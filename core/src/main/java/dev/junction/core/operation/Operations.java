package dev.junction.core.operation;

import static java.util.Objects.requireNonNull;

import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.Store;
import java.time.InstantSource;

/** The use cases on operations themselves: read one, and ask for one to be cancelled. */
public final class Operations {
  private final Store store;
  private final InstantSource clock;
  private final Signals signals;

  public Operations(Store store, InstantSource clock, Signals signals) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.signals = requireNonNull(signals, "signals");
  }

  public Operation get(String id) {
    return store.read(
        tx -> tx.operation(id).orElseThrow(() -> ProblemException.notFound("operation", id)));
  }

  /**
   * Asks for operation {@code id} to be cancelled and returns it as it stands. Cancellation is best
   * effort: a worker honours it between steps, rolls the resource back and ends the operation with
   * a CANCELLED error; an operation that is done, or that has no step left to skip, finishes as it
   * would have.
   */
  public Operation cancel(String id) {
    Operation operation =
        store.write(
            tx -> {
              Operation current =
                  tx.operation(id).orElseThrow(() -> ProblemException.notFound("operation", id));
              if (current.done() || current.cancelRequested()) {
                return current;
              }
              Operation cancelling = current.cancelling(clock.instant());
              tx.updateOperation(cancelling);
              return cancelling;
            });
    signals.operationsChanged();
    return operation;
  }
}
