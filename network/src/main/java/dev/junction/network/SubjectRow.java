package dev.junction.network;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HexFormat;

/**
 * What a component keeps of one subject, under the subject's id held compactly, for a {@link
 * SubjectTable}. A router may run a million subjects, and their ids as strings would be most of
 * what is kept of them (a UUID is 80 bytes as a {@code String}), so an id Junction makes is held in
 * two longs instead: a UUID in its canonical lower-case form as its 128 bits, any other id of at
 * most {@value #SHORT_MAX} characters among {@code [0-9a-z-]} (the {@code cpc...} ids) at six bits
 * a character. {@link #subjectId()} makes the id's text again. Any other id is kept as given, by a
 * subclass of the row made for it ({@link #SubjectRow(String, boolean)}, {@link #idText()}), so
 * that the rows of the ids Junction makes carry no field for it: with the JVM's compact object
 * headers those 4 bytes take the agent's record from 56 bytes to 48.
 */
public abstract class SubjectRow {
  static final int SHORT_MAX = 20;
  private static final byte TEXT = 0;
  private static final byte UUID = 1;
  private static final byte SHORT = 2;
  private static final HexFormat HEX = HexFormat.of();
  private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz-";

  private final long idHigh;
  private final long idLow;
  private final byte idForm;

  /**
   * A row of {@code subjectId}, which must be {@linkplain #compact compact}.
   *
   * @throws IllegalArgumentException if it is not
   */
  protected SubjectRow(String subjectId) {
    this(subjectId, false);
  }

  /**
   * A row of any id. With {@code keepsText} the row is of a subclass that keeps an id that is not
   * {@linkplain #compact compact} itself and returns it from {@link #idText()}.
   *
   * @throws IllegalArgumentException if the id is not compact and the row does not keep it
   */
  protected SubjectRow(String subjectId, boolean keepsText) {
    requireNonNull(subjectId, "subjectId");
    Encoded encoded = new Encoded();
    encoded.encode(subjectId);
    if (encoded.form == TEXT && !keepsText) {
      throw new IllegalArgumentException(
          "subjectId: "
              + subjectId
              + " (a row of an id other than a lower-case UUID or of at most "
              + SHORT_MAX
              + " characters among [0-9a-z-] must keep it: SubjectRow(String, boolean))");
    }
    this.idHigh = encoded.high;
    this.idLow = encoded.low;
    this.idForm = encoded.form;
  }

  /**
   * Returns whether a row holds {@code subjectId} in its own two longs, without keeping its text.
   */
  public static boolean compact(String subjectId) {
    Encoded encoded = new Encoded();
    encoded.encode(subjectId);
    return encoded.form != TEXT;
  }

  /**
   * Returns the id of a row whose id is not {@linkplain #compact compact}; such a row's class keeps
   * it and overrides this.
   */
  protected String idText() {
    throw new IllegalStateException(getClass().getName() + " keeps no id text");
  }

  /** Returns the subject's id. */
  public final String subjectId() {
    return switch (idForm) {
      case UUID -> uuidText(idHigh, idLow);
      case SHORT -> shortText(idHigh, idLow);
      default -> idText();
    };
  }

  final boolean sameId(Encoded id) {
    return idForm == id.form
        && (idForm == TEXT ? idText().equals(id.text) : idHigh == id.high && idLow == id.low);
  }

  final boolean sameId(SubjectRow other) {
    return idForm == other.idForm
        && idHigh == other.idHigh
        && idLow == other.idLow
        && (idForm != TEXT || idText().equals(other.idText()));
  }

  final int idHash() {
    return hash(idForm, idHigh, idLow, idForm == TEXT ? idText() : null);
  }

  static int hash(byte form, long high, long low, String text) {
    long h = form == TEXT ? text.hashCode() : high * 0x9E3779B97F4A7C15L ^ low;
    h *= 0xBF58476D1CE4E5B9L;
    return (int) (h ^ (h >>> 31) ^ (h >>> 47));
  }

  /** An id encoded as a row holds it, for looking rows up without making one. */
  static final class Encoded {
    long high;
    long low;
    byte form;
    String text;

    void encode(String id) {
      text = id;
      high = 0;
      low = 0;
      if (uuid(id)) {
        form = UUID;
      } else if (shortId(id)) {
        form = SHORT;
      } else {
        form = TEXT;
      }
    }

    int hash() {
      return SubjectRow.hash(form, high, low, text);
    }

    private boolean uuid(String id) {
      if (id.length() != 36
          || id.charAt(8) != '-'
          || id.charAt(13) != '-'
          || id.charAt(18) != '-'
          || id.charAt(23) != '-') {
        return false;
      }
      for (int i = 0; i < 36; i++) {
        char c = id.charAt(i);
        boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (!dash && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
          return false;
        }
      }
      high =
          HexFormat.fromHexDigitsToLong(id, 0, 8) << 32
              | HexFormat.fromHexDigitsToLong(id, 9, 13) << 16
              | HexFormat.fromHexDigitsToLong(id, 14, 18);
      low =
          HexFormat.fromHexDigitsToLong(id, 19, 23) << 48
              | HexFormat.fromHexDigitsToLong(id, 24, 36);
      return true;
    }

    /** Ten characters a long, each as its place in the alphabet plus one (0: no character). */
    private boolean shortId(String id) {
      if (id.length() > SHORT_MAX) {
        return false;
      }
      long h = 0;
      long l = 0;
      for (int i = 0; i < SHORT_MAX; i++) {
        long code = 0;
        if (i < id.length()) {
          int index = ALPHABET.indexOf(id.charAt(i));
          if (index < 0) {
            return false;
          }
          code = index + 1;
        }
        if (i < 10) {
          h = h << 6 | code;
        } else {
          l = l << 6 | code;
        }
      }
      high = h;
      low = l;
      return true;
    }
  }

  private static String uuidText(long high, long low) {
    return HEX.toHexDigits((int) (high >>> 32))
        + '-'
        + HEX.toHexDigits((short) (high >>> 16))
        + '-'
        + HEX.toHexDigits((short) high)
        + '-'
        + HEX.toHexDigits((short) (low >>> 48))
        + '-'
        + HEX.toHexDigits(low & 0xFFFF_FFFF_FFFFL).substring(4);
  }

  private static String shortText(long high, long low) {
    StringBuilder text = new StringBuilder(SHORT_MAX);
    for (int i = 0; i < SHORT_MAX; i++) {
      long word = i < 10 ? high : low;
      int code = (int) (word >>> (6 * (9 - i % 10)) & 0x3f);
      if (code == 0) {
        break;
      }
      text.append(ALPHABET.charAt(code - 1));
    }
    return text.toString();
  }

  /**
   * Returns {@code at} as nanoseconds since the epoch, saturated at the ends of a long (before 1678
   * and after 2261): how rows keep a time in one long rather than an {@code Instant}.
   */
  public static long epochNanos(Instant at) {
    long seconds = at.getEpochSecond();
    if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
      return Long.MIN_VALUE;
    }
    return seconds * 1_000_000_000L + at.getNano();
  }
}
