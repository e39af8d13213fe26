package dev.junction.core.resource;

import dev.junction.core.problem.Violations;
import java.util.regex.Pattern;

/**
 * The rule for resource names: empty, or 1 to 63 characters that start with a letter, continue with
 * letters, digits, {@code -} or {@code _}, and end with a letter or digit. A non-empty name is
 * unique among the resources of its kind in a scope; empty names are not.
 */
public final class Name {
  private static final Pattern PATTERN =
      Pattern.compile("[a-zA-Z]([-_a-zA-Z0-9]{0,61}[a-zA-Z0-9])?");

  private Name() {}

  /** Adds a violation to {@code violations} if {@code name} breaks the rule. */
  public static void check(String field, String name, boolean required, Violations violations) {
    if (name.isEmpty()) {
      if (required) {
        violations.add(field, "is required");
      }
      return;
    }
    if (!PATTERN.matcher(name).matches()) {
      violations.add(
          field,
          "must be 1-63 characters: a letter first, then letters, digits, '-' or '_', and a letter"
              + " or digit last");
    }
  }
}
