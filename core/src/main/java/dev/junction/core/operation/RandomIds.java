package dev.junction.core.operation;

import java.security.SecureRandom;
import java.util.UUID;

/** Returns ids drawn from a secure random source. */
final class RandomIds implements Ids {
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int LENGTH = 20;

  private final SecureRandom random;

  RandomIds(SecureRandom random) {
    this.random = random;
  }

  @Override
  public String next(String prefix) {
    StringBuilder id = new StringBuilder(LENGTH).append(prefix);
    while (id.length() < LENGTH) {
      id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return id.toString();
  }

  @Override
  public UUID nextUuid() {
    return UUID.randomUUID();
  }
}
