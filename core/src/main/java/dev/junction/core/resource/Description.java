package dev.junction.core.resource;

import dev.junction.core.problem.Violations;

/** The rule for free-text descriptions: at most {@value #MAX_LENGTH} characters. */
public final class Description {
  public static final int MAX_LENGTH = 256;

  private Description() {}

  /** Adds a violation to {@code violations} if {@code description} is too long. */
  public static void check(String field, String description, Violations violations) {
    checkLength(field, description, MAX_LENGTH, violations);
  }

  /**
   * Returns whether {@code text} has at most {@code max} characters (code points), adding a
   * violation if not.
   */
  public static boolean checkLength(String field, String text, int max, Violations violations) {
    int length = text.codePointCount(0, text.length());
    if (length > max) {
      violations.add(field, "must be at most " + max + " characters (got " + length + ")");
      return false;
    }
    return true;
  }
}
