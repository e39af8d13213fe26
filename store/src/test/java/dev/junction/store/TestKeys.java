package dev.junction.store;

import java.util.Map;

/** A key ring for tests: one fresh random key, so every test store encrypts its secrets. */
public final class TestKeys {
  private TestKeys() {}

  public static SecretCipher cipher() {
    return SecretCipher.of("test", Map.of("test", SecretCipher.newKey()));
  }
}
