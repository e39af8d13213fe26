package dev.junction.api.yandex;

import com.google.protobuf.FieldMask;
import dev.junction.core.problem.Violations;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an {@code update_mask} into the core's set of fields to change. No paths means every field:
 * the request replaces the resource. Paths are proto field names (snake_case; lowerCamel is
 * accepted too); legacy paths that published SDKs still send are accepted and ignored; an empty
 * path, a path with a control character and any other path are invalid.
 */
final class UpdateMasks {
  private UpdateMasks() {}

  static <F extends Enum<F>> Set<F> fields(
      FieldMask mask,
      Class<F> type,
      Map<String, F> paths,
      Set<String> legacy,
      Set<F> all,
      Violations violations) {
    if (mask.getPathsCount() == 0) {
      return all;
    }
    Set<F> fields = EnumSet.noneOf(type);
    Set<String> unknown = new LinkedHashSet<>();
    for (String raw : mask.getPathsList()) {
      for (String path : raw.split(",", -1)) {
        // Only spaces around a path are forgiven; a NUL or another control character is not a
        // space, even though String.trim() would drop it.
        String given = path.strip();
        if (given.isEmpty()) {
          violations.add("update_mask", "must not contain an empty path");
          continue;
        }
        if (given.chars().anyMatch(Character::isISOControl)) {
          violations.add(
              "update_mask", "\"" + printable(given) + "\" must not contain control characters");
          continue;
        }
        String snake = snakeCase(given);
        if (legacy.contains(snake)) {
          continue;
        }
        F field = paths.get(snake);
        if (field == null) {
          unknown.add(given);
        } else {
          fields.add(field);
        }
      }
    }
    boolean first = true;
    for (String path : unknown) {
      // The fields that can be updated are listed once, so that many bad paths stay small.
      violations.add(
          "update_mask",
          "\""
              + printable(path)
              + "\" is not a field that can be updated"
              + (first ? ": " + new TreeSet<>(paths.keySet()) : ""));
      first = false;
    }
    return fields;
  }

  /** Returns {@code text} with control characters escaped and at most 64 characters shown. */
  static String printable(String text) {
    StringBuilder shown = new StringBuilder();
    int shownChars = Math.min(text.length(), 64);
    for (int i = 0; i < shownChars; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        shown.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        shown.append(c);
      }
    }
    return shownChars < text.length() ? shown + "..." : shown.toString();
  }

  static String snakeCase(String path) {
    StringBuilder snake = new StringBuilder();
    for (char c : path.toCharArray()) {
      if (Character.isUpperCase(c)) {
        snake.append('_').append(Character.toLowerCase(c));
      } else {
        snake.append(c);
      }
    }
    return snake.toString().toLowerCase(Locale.ROOT);
  }
}
