package dev.junction.api.yandex;

import com.google.protobuf.FieldMask;
import dev.junction.core.problem.Violations;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an {@code update_mask} into the core's set of fields to change. No paths means every field:
 * the request replaces the resource. Paths are proto field names (snake_case; lowerCamel is
 * accepted too); legacy paths that published SDKs still send are accepted and ignored; any other
 * path is invalid.
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
      for (String path : raw.split(",")) {
        String snake = snakeCase(path.trim());
        if (snake.isEmpty() || legacy.contains(snake)) {
          continue;
        }
        F field = paths.get(snake);
        if (field == null) {
          unknown.add(path.trim());
        } else {
          fields.add(field);
        }
      }
    }
    for (String path : unknown) {
      violations.add(
          "update_mask", "\"" + path + "\" is not a field that can be updated: " + paths.keySet());
    }
    return fields;
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
