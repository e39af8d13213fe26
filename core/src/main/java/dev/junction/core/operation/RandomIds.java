package dev.junction.core.operation;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.UUID;

/**
 * Returns ids that begin with the time they were made and end with letters drawn from a secure
 * random source.
 *
 * <p>The time comes first so that ids made one after another sort one after another: every index on
 * an id (the resources' own, the operations' by resource, the observations') then takes new rows at
 * its end, on the same few pages, rather than on a page anywhere in it. A commit writes each page
 * it changed to SQLite's write-ahead log, and a checkpoint copies it again: with random ids a burst
 * of creates made about 15% fewer a second (docs/performance.md, "P2: ids that sort as they were
 * made").
 */
final class RandomIds implements Ids {
  /** In the order of their codes, so that an id's text sorts as its time does. */
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  private static final int LENGTH = 20;

  /**
   * Characters of the time, in milliseconds since the epoch, in base 36: nine hold times until the
   * year 5138.
   */
  static final int TIME_LENGTH = 9;

  /** The largest multiple of the alphabet's size that a byte can hold: 252. */
  private static final int UNBIASED = 256 / 36 * 36;

  private final ThreadLocal<SecureRandom> random;
  private final InstantSource clock;

  /**
   * @param random returns a source for the calling thread: one per thread, since the default source
   *     ({@code NativePRNG}) reads the system's under a lock shared by the whole process
   * @param clock the time ids begin with
   */
  RandomIds(ThreadLocal<SecureRandom> random, InstantSource clock) {
    this.random = random;
    this.clock = clock;
  }

  /**
   * Returns {@code prefix}, the time in {@link #TIME_LENGTH} characters, then random letters and
   * digits up to {@link #LENGTH} characters (eight after a prefix of three: 41 bits, so that ids
   * made in the same millisecond differ). The random bytes are drawn in one call from this thread's
   * own source: the default {@link SecureRandom} takes a lock shared by the whole process for every
   * call, and one call per character made creates queue on it under load (a profile of a burst of
   * creates showed request threads waiting up to a second there). Bytes of {@link #UNBIASED} or
   * more are dropped, so that every character is equally likely.
   */
  @Override
  public String next(String prefix) {
    StringBuilder id = new StringBuilder(LENGTH).append(prefix);
    appendTime(id, clock.millis());
    appendRandom(id);
    return id.toString();
  }

  @Override
  public String nextRandom(String prefix) {
    return appendRandom(new StringBuilder(LENGTH).append(prefix)).toString();
  }

  /**
   * Returns a version 7 UUID (RFC 9562): the time in milliseconds in its first 48 bits, then 74
   * random bits, so that UUIDs too sort as they were made.
   */
  @Override
  public UUID nextUuid() {
    byte[] bytes = new byte[10];
    random.get().nextBytes(bytes);
    long millis = clock.millis();
    long high = millis << 16 | 0x7000 | (bytes[0] & 0x0f) << 8 | bytes[1] & 0xff;
    long low = 0x8000_0000_0000_0000L | (bytes[2] & 0x3fL) << 56;
    for (int i = 3; i < 10; i++) {
      low |= (bytes[i] & 0xffL) << (8 * (9 - i));
    }
    return new UUID(high, low);
  }

  private static void appendTime(StringBuilder id, long millis) {
    int start = id.length();
    id.setLength(start + TIME_LENGTH);
    long rest = Math.max(0, millis);
    for (int i = TIME_LENGTH - 1; i >= 0; i--) {
      id.setCharAt(start + i, ALPHABET[(int) (rest % ALPHABET.length)]);
      rest /= ALPHABET.length;
    }
  }

  private StringBuilder appendRandom(StringBuilder id) {
    int missing = LENGTH - id.length();
    if (missing <= 0) {
      return id;
    }
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
    return id;
  }
}
