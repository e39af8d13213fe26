package dev.junction.core.attachment;

import static java.util.Objects.requireNonNull;

/**
 * A TCP MD5 signature key for a BGP session (RFC 2385). It never prints its value: {@link
 * #toString()} is masked, so a logged attachment does not leak it. Use {@link #reveal()} where the
 * key must really be used (router configuration, an authorized read).
 */
public final class Md5Key {
  public static final int MAX_LENGTH = 200;

  private final String value;

  private Md5Key(String value) {
    this.value = requireNonNull(value, "value");
  }

  /** Wraps a key that has passed validation. */
  public static Md5Key of(String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("value: empty (expected: a non-empty key)");
    }
    return new Md5Key(value);
  }

  /** Returns the key itself. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Md5Key key && key.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "Md5Key[****]";
  }
}
