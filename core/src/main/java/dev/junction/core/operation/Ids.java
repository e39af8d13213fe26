package dev.junction.core.operation;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.UUID;

/**
 * Returns new resource ids. Ids are opaque: 20 lowercase letters and digits, the first three saying
 * what the id names, the next nine the time it was made (so that ids sort as they were made), the
 * rest random.
 */
public interface Ids {

  /** Returns a new id that starts with {@code prefix}. */
  String next(String prefix);

  /**
   * Returns {@code prefix} followed by random letters and digits only, 20 characters in all, for
   * what must not tell when it was made or be guessed from a neighbour (a ticket's code).
   */
  String nextRandom(String prefix);

  /**
   * Returns a new UUID, for resources whose ids are UUIDs on some wire: a version 7 UUID, which
   * begins with its time as the other ids do.
   */
  UUID nextUuid();

  /** Returns ids from the system clock and a secure random source (a DRBG of each thread's own). */
  static Ids random() {
    return new RandomIds(ThreadLocal.withInitial(Ids::drbg), InstantSource.system());
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
