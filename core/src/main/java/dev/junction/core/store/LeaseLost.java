package dev.junction.core.store;

/**
 * Reports that a worker tried to change an operation whose lease it no longer holds, or that a
 * router's owner reported after another owner took the router over; the transaction was undone.
 */
public final class LeaseLost extends RuntimeException {
  public LeaseLost(String operationId, String workerId) {
    this("worker " + workerId + " lost the lease of operation " + operationId);
  }

  private LeaseLost(String message) {
    super(message, null, false, false);
  }

  /** Returns the failure of an owner of router {@code routerId} at an epoch no longer current. */
  public static LeaseLost ofRouter(String routerId, long epoch) {
    return new LeaseLost(
        "epoch " + epoch + " of router " + routerId + " is over: another owner took it over");
  }
}
