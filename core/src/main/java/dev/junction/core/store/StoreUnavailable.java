package dev.junction.core.store;

/**
 * Reports that the store cannot be reached: no connection to the database within the store's
 * connection timeout, or the connection broke during the transaction, which was not committed (or
 * whose commit was not confirmed). Retrying later may succeed. Each dialect answers it as its own
 * "unavailable" (HTTP 503, gRPC UNAVAILABLE); it never carries row contents.
 */
public final class StoreUnavailable extends RuntimeException {
  /** The message every dialect shows: what is wrong, nothing about the database. */
  public static final String MESSAGE = "the service cannot reach its database; retry later";

  public StoreUnavailable(Throwable cause) {
    super(MESSAGE, cause);
  }
}
