package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names one subject (a trunk or an attachment) goes by on a BIRD router: the stem of its files
 * and the names of its BIRD protocols.
 *
 * <p>BIRD symbols start with a letter and hold letters, digits and underscores, at most 64 of them.
 * An id made of lower-case letters, digits and hyphens, at most 48 long (every id Junction makes:
 * {@code cpc...}, UUIDs), keeps its text with each hyphen turned into an underscore, which can be
 * undone. Any other id gets its letters and digits, cut short, and twelve hex digits of its
 * SHA-256, so that two ids do not share a name.
 *
 * @param stem the part every name of the subject shares: letters, digits and underscores
 */
record SubjectKey(String subjectId, String stem) {
  private static final Pattern SIMPLE = Pattern.compile("[a-z0-9-]{1,48}");
  private static final int KEPT = 24;

  SubjectKey {
    requireNonNull(subjectId, "subjectId");
    requireNonNull(stem, "stem");
  }

  /** Returns the key of subject {@code subjectId}. */
  static SubjectKey of(String subjectId) {
    if (SIMPLE.matcher(subjectId).matches()) {
      return new SubjectKey(subjectId, subjectId.replace('-', '_'));
    }
    StringBuilder kept = new StringBuilder();
    for (char c : subjectId.toLowerCase(Locale.ROOT).toCharArray()) {
      if (kept.length() < KEPT && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        kept.append(c);
      }
    }
    return new SubjectKey(subjectId, kept + "_x" + Sha256.hex(subjectId).substring(0, 12));
  }

  /** Returns the name of the subject's BGP protocol. */
  String bgpProtocol() {
    return "bgp_" + stem;
  }

  /** Returns the name of the static protocol holding the subject's static routes. */
  String staticProtocol() {
    return "static_" + stem;
  }

  /** Returns the name of the static protocol originating the prefixes announced to the subject. */
  String originProtocol() {
    return "origin_" + stem;
  }

  /** Returns the subject's BIRD configuration file, relative to the configuration directory. */
  String sessionFile() {
    return BirdRenderer.SESSIONS_DIR + "/" + stem + ".conf";
  }

  /** Returns the subject's link plan file, relative to the configuration directory. */
  String linkFile() {
    return BirdRenderer.LINKS_DIR + "/" + stem + ".link";
  }
}
