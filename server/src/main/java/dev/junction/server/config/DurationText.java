package dev.junction.server.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as operators write them in the configuration: a number and a unit, {@code ms},
 * {@code s}, {@code m}, {@code h} or {@code d} (for example {@code 250ms}, {@code 2m}, {@code
 * 14d}).
 */
public final class DurationText {
  private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private DurationText() {}

  public static Duration parse(String field, String text) {
    Matcher matcher = FORM.matcher(text.trim());
    if (!matcher.matches()) {
      throw new ConfigException(
          field + ": '" + text + "' is not a duration (expected a number and ms, s, m, h or d)");
    }
    try {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    } catch (NumberFormatException | ArithmeticException tooLong) {
      throw new ConfigException(field + ": '" + text + "' is too long a duration");
    }
  }
}
