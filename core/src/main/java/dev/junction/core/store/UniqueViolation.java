package dev.junction.core.store;

import static java.util.Objects.requireNonNull;

/** Reports that a write transaction broke the uniqueness rule {@link #key()} and was undone. */
public final class UniqueViolation extends RuntimeException {
  private final UniqueKey key;

  public UniqueViolation(UniqueKey key, Throwable cause) {
    super("unique violation: " + requireNonNull(key, "key"), cause, false, false);
    this.key = key;
  }

  public UniqueKey key() {
    return key;
  }
}
