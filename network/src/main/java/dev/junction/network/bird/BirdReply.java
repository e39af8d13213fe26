package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One reply of BIRD's control socket: its lines, each with the numeric code BIRD gave it. Codes
 * 0xxx end an action, 1xxx carry table rows, 2xxx table headings, 8xxx runtime errors and 9xxx
 * parse errors; the last line's code is the reply's.
 */
public record BirdReply(List<Line> lines) {

  /** One line of a reply: its code (inherited by continuation lines) and its text. */
  public record Line(int code, String text) {
    public Line {
      requireNonNull(text, "text");
    }
  }

  public BirdReply {
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("lines: empty (expected: at least the final line)");
    }
  }

  /** Returns the code of the final line. */
  public int code() {
    return lines.get(lines.size() - 1).code();
  }

  /** Returns whether BIRD answered with an error (code 8000 or above). */
  public boolean isError() {
    return code() >= 8000;
  }

  /** Returns the texts of all lines, one per line, without trailing spaces. */
  public String text() {
    return lines.stream().map(l -> l.text().stripTrailing()).collect(Collectors.joining("\n"));
  }

  /** Returns the text of the final line, without trailing spaces. */
  public String finalText() {
    return lines.get(lines.size() - 1).text().stripTrailing();
  }

  /** Returns the lines with code {@code code}. */
  public List<Line> withCode(int code) {
    return lines.stream().filter(l -> l.code() == code).toList();
  }

  /**
   * Collects the lines of one reply as they arrive: {@code NNNN-text} starts a line that more
   * follow, a line starting with a space continues the previous code, and {@code NNNN text} ends
   * the reply.
   */
  static final class Collector {
    private final List<Line> lines = new ArrayList<>();
    private int code = -1;
    private boolean complete;

    /**
     * Takes one line (without its line break) and returns whether the reply is complete.
     *
     * @throws IllegalArgumentException if the line is not in BIRD's format
     */
    boolean accept(String raw) {
      if (complete) {
        throw new IllegalStateException("the reply is already complete");
      }
      if (raw.length() >= 5 && isCode(raw) && (raw.charAt(4) == '-' || raw.charAt(4) == ' ')) {
        code = Integer.parseInt(raw.substring(0, 4));
        lines.add(new Line(code, raw.substring(5)));
        complete = raw.charAt(4) == ' ';
        return complete;
      }
      if (raw.length() == 4 && isCode(raw)) {
        code = Integer.parseInt(raw);
        lines.add(new Line(code, ""));
        complete = true;
        return true;
      }
      if (raw.startsWith(" ") && code >= 0) {
        lines.add(new Line(code, raw.substring(1)));
        return false;
      }
      throw new IllegalArgumentException(
          "line: " + abbreviate(raw) + " (expected: NNNN-text, NNNN text or ' text')");
    }

    /** Returns the reply, once complete. */
    BirdReply reply() {
      if (!complete) {
        throw new IllegalStateException("the reply is not complete");
      }
      return new BirdReply(lines);
    }

    private static boolean isCode(String raw) {
      for (int i = 0; i < 4; i++) {
        char c = raw.charAt(i);
        if (c < '0' || c > '9') {
          return false;
        }
      }
      return true;
    }

    private static String abbreviate(String raw) {
      return raw.length() > 80 ? raw.substring(0, 80) + "..." : raw;
    }
  }
}
