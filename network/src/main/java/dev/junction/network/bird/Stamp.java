package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The first line of every file Junction writes for a BIRD router: which subject the file belongs
 * to, the revision it was rendered from, the renderer that rendered it and the digest of all the
 * subject's files as rendered. The line is a BIRD comment ({@code # junction subject=...
 * revision=... renderer=... hash=...}); the digest covers the files without their first line.
 */
record Stamp(String subjectId, long revision, String renderer, String hash) {
  static final String PREFIX = "# junction ";

  Stamp {
    requireNonNull(subjectId, "subjectId");
    requireNonNull(renderer, "renderer");
    requireNonNull(hash, "hash");
    if (renderer.isEmpty() || renderer.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException("renderer: " + renderer + " (expected: no spaces)");
    }
  }

  /** Returns the line, without its line break. */
  String line() {
    return PREFIX
        + "subject="
        + URLEncoder.encode(subjectId, StandardCharsets.UTF_8)
        + " revision="
        + revision
        + " renderer="
        + renderer
        + " hash="
        + hash;
  }

  /** Returns the stamp that begins {@code content}, or empty if it does not begin with one. */
  static Optional<Stamp> read(String content) {
    if (!content.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int end = content.indexOf('\n');
    String line = end < 0 ? content : content.substring(0, end);
    Map<String, String> fields = new HashMap<>();
    for (String field : line.substring(PREFIX.length()).trim().split(" +")) {
      int eq = field.indexOf('=');
      if (eq > 0) {
        fields.put(field.substring(0, eq), field.substring(eq + 1));
      }
    }
    String subject = fields.get("subject");
    String revision = fields.get("revision");
    String renderer = fields.get("renderer");
    String hash = fields.get("hash");
    if (subject == null || revision == null || renderer == null || hash == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Stamp(
              URLDecoder.decode(subject, StandardCharsets.UTF_8),
              Long.parseLong(revision),
              renderer,
              hash));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Returns {@code content} without its first line (the stamp), as the digest covers it. */
  static String body(String content) {
    if (!content.startsWith(PREFIX)) {
      return content;
    }
    int end = content.indexOf('\n');
    return end < 0 ? "" : content.substring(end + 1);
  }
}
