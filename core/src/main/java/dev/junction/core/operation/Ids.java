package dev.junction.core.operation;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Returns new resource ids. Ids are opaque: 20 lowercase letters and digits, the first three saying
 * what the id names, the rest random.
 */
public interface Ids {

  /** Returns a new id that starts with {@code prefix}. */
  String next(String prefix);

  /** Returns a new random UUID, for resources whose ids are UUIDs on some wire. */
  UUID nextUuid();

  /** Returns ids from a secure random source (a DRBG of each thread's own). */
  static Ids random() {
    return new RandomIds(ThreadLocal.withInitial(Ids::drbg));
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
