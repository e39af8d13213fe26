package dev.junction.core.operation;

import java.security.SecureRandom;
import java.util.UUID;

/** Returns ids drawn from a secure random source. */
final class RandomIds implements Ids {
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int LENGTH = 20;

  /** The largest multiple of the alphabet's size that a byte can hold: 252. */
  private static final int UNBIASED = 256 / 36 * 36;

  private final ThreadLocal<SecureRandom> random;

  /**
   * @param random returns a source for the calling thread: one per thread, since the default source
   *     ({@code NativePRNG}) reads the system's under a lock shared by the whole process
   */
  RandomIds(ThreadLocal<SecureRandom> random) {
    this.random = random;
  }

  /**
   * Returns {@code prefix} followed by random letters and digits up to {@link #LENGTH} characters.
   * The random bytes are drawn in one call from this thread's own source: the default {@link
   * SecureRandom} takes a lock shared by the whole process for every call, and one call per
   * character made creates queue on it under load (a profile of a burst of creates showed request
   * threads waiting up to a second there). Bytes of {@link #UNBIASED} or more are dropped, so that
   * every character is equally likely.
   */
  @Override
  public String next(String prefix) {
    StringBuilder id = new StringBuilder(LENGTH).append(prefix);
    int missing = LENGTH - id.length();
    // A byte is dropped with probability 4/256; a quarter more bytes nearly always suffice.
    byte[] bytes = new byte[missing + missing / 4 + 2];
    SecureRandom source = random.get();
    while (id.length() < LENGTH) {
      source.nextBytes(bytes);
      for (int i = 0; i < bytes.length && id.length() < LENGTH; i++) {
        int value = bytes[i] & 0xff;
        if (value < UNBIASED) {
          id.append(ALPHABET[value % ALPHABET.length]);
        }
      }
    }
    return id.toString();
  }

  @Override
  public UUID nextUuid() {
    return UUID.randomUUID();
  }
}
