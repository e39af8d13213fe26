package dev.junction.core.problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the field violations of one request, so that a caller learns every broken rule at once
 * rather than one per attempt.
 */
public final class Violations {
  private final List<FieldViolation> violations = new ArrayList<>();

  /** Records that {@code field} breaks the rule described by {@code description}. */
  public void add(String field, String description) {
    violations.add(new FieldViolation(field, description));
  }

  public boolean isEmpty() {
    return violations.isEmpty();
  }

  public List<FieldViolation> list() {
    return List.copyOf(violations);
  }

  /** Throws a {@link ProblemException} with every collected violation, if there is any. */
  public void throwIfAny() {
    if (!violations.isEmpty()) {
      throw new ProblemException(new Problem.InvalidArgument(violations));
    }
  }
}
