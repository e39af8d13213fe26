package dev.junction.core.store;

import java.time.Duration;

/**
 * Reports that a write waited as long as its caller allowed for its turn at the store's writer
 * without starting, and was withdrawn from the queue: nothing of it ran, so nothing was written.
 * Retrying later may succeed. It is how an overloaded writer refuses a request before the request's
 * own timeout would cut it with the change's fate unknown.
 */
public final class WriterBusy extends RuntimeException {
  private final Duration waited;

  public WriterBusy(Duration waited) {
    super("the write waited " + waited.toMillis() + " ms for the store's writer and was withdrawn");
    this.waited = waited;
  }

  /** Returns how long the write waited before it was withdrawn. */
  public Duration waited() {
    return waited;
  }
}
