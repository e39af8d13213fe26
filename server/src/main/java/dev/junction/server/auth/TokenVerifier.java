package dev.junction.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Returns the principal a bearer token stands for. Tokens are kept only as SHA-256 digests and
 * compared in constant time.
 */
public final class TokenVerifier {
  private final Map<String, Principal> principalsByDigest = new ConcurrentHashMap<>();

  /** Accepts {@code token} from now on as {@code principal}. */
  public void accept(String token, Principal principal) {
    principalsByDigest.put(digest(token), principal);
  }

  /** Accepts {@code email} with the global {@code key} from now on as {@code principal}. */
  public void acceptGlobalKey(String email, String key, Principal principal) {
    accept(globalKeyCredential(email, key), principal);
  }

  /** Returns the principal of {@code email} and its global {@code key}, if they match. */
  public Optional<Principal> verifyGlobalKey(String email, String key) {
    return verify(globalKeyCredential(email, key));
  }

  private static String globalKeyCredential(String email, String key) {
    return "global-key:" + email.toLowerCase(java.util.Locale.ROOT) + ":" + key;
  }

  /** Returns the principal of {@code token}, or empty if the token is unknown. */
  public Optional<Principal> verify(String token) {
    String candidate = digest(token);
    Principal found = null;
    for (Map.Entry<String, Principal> entry : principalsByDigest.entrySet()) {
      if (MessageDigest.isEqual(
          entry.getKey().getBytes(StandardCharsets.US_ASCII),
          candidate.getBytes(StandardCharsets.US_ASCII))) {
        found = entry.getValue();
      }
    }
    return Optional.ofNullable(found);
  }

  static String digest(String token) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
