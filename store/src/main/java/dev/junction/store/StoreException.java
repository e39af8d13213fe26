package dev.junction.store;

/**
 * Reports a database failure that is not a broken uniqueness rule: the database is unreachable, a
 * statement failed, a stored value cannot be read. It never carries row contents.
 */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
