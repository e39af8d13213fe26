package dev.junction.core.problem;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Returns why a use case could not do what it was asked: the closed set of outcomes other than
 * success. Each dialect maps every variant once, to its own status codes and error bodies.
 */
public sealed interface Problem {

  /** Returns a human-readable message that says what to fix, without internals. */
  String message();

  /** The request itself is wrong: one or more fields break a rule. Nothing was changed. */
  record InvalidArgument(List<FieldViolation> violations) implements Problem {
    public InvalidArgument {
      violations = List.copyOf(violations);
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("violations: [] (expected: at least one)");
      }
    }

    public static InvalidArgument of(String field, String description) {
      return new InvalidArgument(List.of(new FieldViolation(field, description)));
    }

    @Override
    public String message() {
      return violations.stream().map(FieldViolation::toString).collect(Collectors.joining("; "));
    }
  }

  /** The named resource does not exist, or the caller may not know that it does. */
  record NotFound(String resource, String id) implements Problem {
    public NotFound {
      requireNonNull(resource, "resource");
      requireNonNull(id, "id");
    }

    @Override
    public String message() {
      return resource + " " + id + " not found";
    }
  }

  /** A resource with the same unique key (name, VLAN, port, ...) already exists. */
  record AlreadyExists(String field, String message) implements Problem {
    public AlreadyExists {
      requireNonNull(field, "field");
      requireNonNull(message, "message");
    }
  }

  /** The request is valid but the system is not in a state that allows it. */
  record FailedPrecondition(String message) implements Problem {
    public FailedPrecondition {
      requireNonNull(message, "message");
    }
  }

  /** The request conflicts with a concurrent change, such as another operation in progress. */
  record Aborted(String message) implements Problem {
    public Aborted {
      requireNonNull(message, "message");
    }
  }

  /**
   * A quota or limit would be exceeded. With {@code retryAfter}, the server is over what it can
   * carry out now: nothing was changed, and the same request may succeed after that wait.
   */
  record ResourceExhausted(String message, Optional<Duration> retryAfter) implements Problem {
    public ResourceExhausted {
      requireNonNull(message, "message");
      requireNonNull(retryAfter, "retryAfter");
    }

    /** Returns a quota or limit that waiting does not lift. */
    public ResourceExhausted(String message) {
      this(message, Optional.empty());
    }
  }

  /** The caller is known but may not do this. */
  record PermissionDenied(String message) implements Problem {
    public PermissionDenied {
      requireNonNull(message, "message");
    }
  }

  /** The caller could not be identified. */
  record Unauthenticated(String message) implements Problem {
    public Unauthenticated {
      requireNonNull(message, "message");
    }
  }

  /** An operation was cancelled at its caller's request. */
  record Cancelled(String message) implements Problem {
    public Cancelled {
      requireNonNull(message, "message");
    }
  }

  /** An operation did not finish before its deadline. */
  record DeadlineExceeded(String message) implements Problem {
    public DeadlineExceeded {
      requireNonNull(message, "message");
    }
  }

  /** The network could not carry out the change; retrying later may succeed. */
  record Unavailable(String message) implements Problem {
    public Unavailable {
      requireNonNull(message, "message");
    }
  }
}
