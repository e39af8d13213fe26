package dev.junction.core.store;

/**
 * Reports that a worker tried to change an operation whose lease it no longer holds; another worker
 * owns it now, and the transaction was undone.
 */
public final class LeaseLost extends RuntimeException {
  public LeaseLost(String operationId, String workerId) {
    super("worker " + workerId + " lost the lease of operation " + operationId, null, false, false);
  }
}
