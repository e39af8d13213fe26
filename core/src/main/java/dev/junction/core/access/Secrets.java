package dev.junction.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes credential secrets and their digests. Secrets carry a prefix saying what they are ({@code
 * jct_} tokens, {@code jck_} global keys); only the SHA-256 digest is stored.
 */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is missing from this JDK", e);
            }
          });

  private Secrets() {}

  /** Returns a new secret: {@code prefix} and 256 random bits. */
  public static String newSecret(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Returns the digest of {@code secret} that is stored in its place. Every authenticated request
   * computes one, on the event loop: each thread keeps its own {@link MessageDigest} rather than
   * looking the algorithm up each time.
   */
  public static String digest(String secret) {
    MessageDigest sha256 = SHA256.get();
    return HEX.formatHex(sha256.digest(secret.getBytes(StandardCharsets.UTF_8)));
  }
}
