package dev.junction.core.problem;

import static java.util.Objects.requireNonNull;

/**
 * Carries a {@link Problem} out of a use case. It has no stack trace: it is an expected outcome,
 * not a bug, and the dialect turns it into a wire error.
 */
public final class ProblemException extends RuntimeException {
  private final Problem problem;

  public ProblemException(Problem problem) {
    super(requireNonNull(problem, "problem").message(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  /** Returns an exception for a single invalid field. */
  public static ProblemException invalid(String field, String description) {
    return new ProblemException(Problem.InvalidArgument.of(field, description));
  }

  /** Returns an exception saying that {@code resource id} does not exist. */
  public static ProblemException notFound(String resource, String id) {
    return new ProblemException(new Problem.NotFound(resource, id));
  }

  /** Returns an exception saying that the system is not in a state that allows the request. */
  public static ProblemException failedPrecondition(String message) {
    return new ProblemException(new Problem.FailedPrecondition(message));
  }
}
