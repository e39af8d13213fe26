package dev.junction.core.page;

import dev.junction.core.problem.Violations;
import java.util.Optional;

/**
 * Asks for one page of a list: at most {@code size} items after the cursor {@code after} (the
 * position of the last item of the previous page), or from the start.
 */
public record PageRequest(int size, Optional<Long> after) {
  public static final int DEFAULT_SIZE = 100;
  public static final int MAX_SIZE = 1000;

  public PageRequest {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size: " + size + " (expected: 1-" + MAX_SIZE + ")");
    }
  }

  /** Returns the first page of the default size. */
  public static PageRequest first() {
    return new PageRequest(DEFAULT_SIZE, Optional.empty());
  }

  /**
   * Returns the page a caller asked for, checking the size: 0 means the default, above {@link
   * #MAX_SIZE} or below 0 is invalid.
   */
  public static PageRequest of(
      String sizeField, long size, Optional<Long> after, Violations violations) {
    if (size < 0 || size > MAX_SIZE) {
      violations.add(sizeField, "must be between 0 and " + MAX_SIZE + " (got " + size + ")");
      return first();
    }
    return new PageRequest(size == 0 ? DEFAULT_SIZE : (int) size, after);
  }
}
