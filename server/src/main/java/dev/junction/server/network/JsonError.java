package dev.junction.server.network;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import dev.junction.core.problem.FieldViolation;
import dev.junction.core.problem.Problem;
import dev.junction.core.store.StoreUnavailable;

/**
 * The error answers of Junction's own JSON APIs (the agent API, the tenants' network endpoint):
 * {@code {"code": "NOT_FOUND", "message": "..."}} with the usual HTTP status, the shape the
 * operator API answers too.
 */
public final class JsonError {
  private JsonError() {}

  /** Returns an error answer. */
  public static HttpResponse of(HttpStatus status, String code, String message) {
    return HttpResponse.of(
        status,
        MediaType.JSON_UTF_8,
        NetworkJson.JSON.createObjectNode().put("code", code).put("message", message).toString());
  }

  /** Returns the answer to a problem of the core, mapped as the operator API maps it. */
  public static HttpResponse of(Problem problem) {
    return switch (problem) {
      case Problem.InvalidArgument invalid ->
          of(
              HttpStatus.BAD_REQUEST,
              "INVALID_ARGUMENT",
              String.join(
                  "; ", invalid.violations().stream().map(FieldViolation::toString).toList()));
      case Problem.NotFound notFound -> of(HttpStatus.NOT_FOUND, "NOT_FOUND", problem.message());
      case Problem.AlreadyExists exists ->
          of(HttpStatus.CONFLICT, "ALREADY_EXISTS", problem.message());
      case Problem.ResourceExhausted exhausted ->
          of(HttpStatus.TOO_MANY_REQUESTS, "RESOURCE_EXHAUSTED", problem.message());
      case Problem.PermissionDenied denied ->
          of(HttpStatus.FORBIDDEN, "PERMISSION_DENIED", problem.message());
      case Problem.Unauthenticated unauthenticated ->
          of(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", problem.message());
      case Problem.Aborted aborted -> of(HttpStatus.CONFLICT, "ABORTED", problem.message());
      case Problem.Unavailable unavailable ->
          of(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", problem.message());
      default -> of(HttpStatus.BAD_REQUEST, "FAILED_PRECONDITION", problem.message());
    };
  }

  /**
   * Returns the 503 of a request the server could not serve because its database is out of reach.
   */
  public static HttpResponse unavailable() {
    return of(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", StoreUnavailable.MESSAGE);
  }

  /** Returns a 400 for a request that breaks a rule, {@code field: rule}. */
  public static HttpResponse invalid(String message) {
    return of(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", message);
  }
}
