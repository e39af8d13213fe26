package dev.junction.core.access;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Returns who made a request and the idempotency key it carried, if any.
 *
 * @param subject the principal's id, recorded as an operation's creator
 * @param idempotencyKey a repeated key returns the first operation made with it
 */
public record Caller(String subject, Optional<String> idempotencyKey) {
  public Caller {
    requireNonNull(subject, "subject");
    requireNonNull(idempotencyKey, "idempotencyKey");
  }

  /** Returns a caller without an idempotency key. */
  public static Caller of(String subject) {
    return new Caller(subject, Optional.empty());
  }
}
