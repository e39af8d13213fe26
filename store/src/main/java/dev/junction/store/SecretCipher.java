package dev.junction.store;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets the store keeps (BGP MD5 keys) with AES-256-GCM under a key ring: new values
 * are sealed with the current key, and values sealed with any key of the ring can be opened, so
 * that a key can be rotated without downtime (add a key, make it current, rewrap, then drop the old
 * one).
 *
 * <p>A sealed value reads {@code v1:<key id>:<base64 of 12-byte nonce + ciphertext + tag>}; the key
 * id is bound to the ciphertext as associated data.
 */
public final class SecretCipher {
  private static final String PREFIX = "v1:";
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A decrypting cipher per thread: looking the algorithm up costs more than the decryption of a
   * key, and a cipher re-initialised with the key it last had skips the key's expansion. Every row
   * read with a key opens one (a GET of a private connection among them). Only decryption reuses a
   * cipher; GCM forbids reusing a nonce to encrypt, and each seal draws a new one anyway.
   */
  private static final ThreadLocal<Cipher> DECRYPTING =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES-GCM is not available", e);
            }
          });

  private final String currentId;
  private final Map<String, SecretKey> keys;

  private SecretCipher(String currentId, Map<String, SecretKey> keys) {
    this.currentId = currentId;
    this.keys = keys;
  }

  /**
   * Returns a cipher over {@code keys} (key id to 32 raw bytes) that seals with {@code currentId}.
   *
   * @throws IllegalArgumentException if a key id or key is malformed or the current key is missing
   */
  public static SecretCipher of(String currentId, Map<String, byte[]> keys) {
    requireNonNull(currentId, "currentId");
    Map<String, SecretKey> ring = new LinkedHashMap<>();
    keys.forEach(
        (id, bytes) -> {
          if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                "secret key id \"" + id + "\" must be 1 to 32 letters, digits, '_' or '-'");
          }
          if (bytes.length != 32) {
            throw new IllegalArgumentException(
                "secret key \"" + id + "\" must be 32 bytes (256 bits), not " + bytes.length);
          }
          ring.put(id, new SecretKeySpec(bytes, "AES"));
        });
    if (!ring.containsKey(currentId)) {
      throw new IllegalArgumentException(
          "the current secret key \"" + currentId + "\" is not in the ring");
    }
    return new SecretCipher(currentId, Map.copyOf(ring));
  }

  /** Returns 32 new random bytes, for a new key. */
  public static byte[] newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  /** Returns {@code plaintext} sealed with the current key. */
  public String seal(String plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(currentId.getBytes(StandardCharsets.US_ASCII));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return PREFIX + currentId + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Returns the plaintext of a value {@link #seal} made with any key of the ring. A value that is
   * not sealed (written before encryption was introduced) is returned as it is.
   *
   * @throws StoreException if the value was sealed with a key the ring lacks, or was tampered with
   */
  public String open(String stored) {
    if (!stored.startsWith(PREFIX)) {
      return stored;
    }
    int colon = stored.indexOf(':', PREFIX.length());
    if (colon < 0) {
      throw new StoreException("a stored secret is malformed", null);
    }
    String keyId = stored.substring(PREFIX.length(), colon);
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new StoreException(
          "a stored secret is sealed with key \"" + keyId + "\", which the key ring lacks", null);
    }
    try {
      byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
      Cipher cipher = DECRYPTING.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.US_ASCII));
      byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new StoreException("a stored secret cannot be opened with key \"" + keyId + "\"", e);
    }
  }

  /** Returns whether {@code stored} must be sealed again to be under the current key. */
  public boolean isStale(String stored) {
    return !stored.startsWith(PREFIX + currentId + ":");
  }

  @Override
  public String toString() {
    return "SecretCipher[current=" + currentId + ", keys=" + keys.keySet() + "]";
  }
}
