package dev.junction.api.yandex;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.access.Caller;
import dev.junction.core.problem.ProblemException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Returns the caller of the request being served: who it is and what it may do, as the server
 * authenticated it, and the {@code Idempotency-Key} header (gRPC metadata {@code idempotency-key})
 * of a mutation.
 */
final class Callers {
  static final int MAX_KEY_LENGTH = 128;

  private final Function<ServiceRequestContext, Caller> callers;

  Callers(Function<ServiceRequestContext, Caller> callers) {
    this.callers = requireNonNull(callers, "callers");
  }

  Caller current() {
    ServiceRequestContext ctx = ServiceRequestContext.current();
    String key = ctx.request().headers().get("idempotency-key");
    if (key == null || key.isEmpty()) {
      return callers.apply(ctx);
    }
    if (key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw ProblemException.invalid(
          "Idempotency-Key",
          "must be 1-" + MAX_KEY_LENGTH + " printable ASCII characters, such as a UUID");
    }
    return callers.apply(ctx).withIdempotencyKey(Optional.of(key));
  }
}
