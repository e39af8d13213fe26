package dev.junction.core.page;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Writes a page cursor as an opaque token for dialects whose tokens are strings, and reads it back.
 * The token only says where a list stopped; it grants nothing, and access is checked again on every
 * page.
 */
public final class PageToken {
  private static final String PREFIX = "jc1:";

  private PageToken() {}

  /** Returns the token for {@code cursor}. */
  public static String encode(long cursor) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + cursor).getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the cursor in {@code token}, or empty if the token is not one of ours. */
  public static Optional<Long> decode(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!text.startsWith(PREFIX)) {
        return Optional.empty();
      }
      long cursor = Long.parseLong(text.substring(PREFIX.length()));
      return cursor < 0 ? Optional.empty() : Optional.of(cursor);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
