package dev.junction.core.resource;

import dev.junction.core.problem.Violations;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Key-value labels on a resource, kept sorted by key.
 *
 * <p>At most {@value #MAX_COUNT} pairs; a key is 1-63 characters matching {@code [a-z][-_0-9a-z]*};
 * a value is at most 63 characters matching {@code [-_0-9a-z]*}.
 */
public record Labels(Map<String, String> map) {
  public static final int MAX_COUNT = 64;
  public static final Labels EMPTY = new Labels(Map.of());

  private static final Pattern KEY = Pattern.compile("[a-z][-_0-9a-z]*");
  private static final Pattern VALUE = Pattern.compile("[-_0-9a-z]*");

  public Labels {
    map = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }

  /** Adds a violation for every pair of {@code labels} that breaks a rule. */
  public static void check(String field, Map<String, String> labels, Violations violations) {
    if (labels.size() > MAX_COUNT) {
      violations.add(
          field, "must have at most " + MAX_COUNT + " labels (got " + labels.size() + ")");
    }
    for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
      String key = label.getKey();
      if (key.isEmpty() || key.length() > 63 || !KEY.matcher(key).matches()) {
        violations.add(
            field,
            "key \"" + abbreviate(key) + "\" must be 1-63 characters matching [a-z][-_0-9a-z]*");
        continue;
      }
      String value = label.getValue();
      if (value.length() > 63 || !VALUE.matcher(value).matches()) {
        violations.add(field + "." + key, "must be at most 63 characters matching [-_0-9a-z]*");
      }
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 70 ? text : text.substring(0, 67) + "...";
  }
}
