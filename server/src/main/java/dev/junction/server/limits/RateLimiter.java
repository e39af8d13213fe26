package dev.junction.server.limits;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.access.Identity;
import dev.junction.server.auth.Authentication;
import dev.junction.server.auth.RequestIdentity;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Limits the request rate of each credential (API token or global key) with a token bucket: a
 * credential may send {@code burst} requests at once and {@code rate} per second after that. A
 * request over the limit is answered in its dialect's form with {@code Retry-After}. Buckets live
 * in each replica, so with several replicas a credential gets the rate from each. The operator's
 * credentials are not limited: the operator must be able to act (revoke a token, say) while tenants
 * are being held back.
 */
public final class RateLimiter {
  private final double ratePerNano;
  private final double burst;
  private final LongSupplier nanos;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(double requestsPerSecond, int burst, LongSupplier nanos) {
    if (requestsPerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("the rate and the burst must be positive");
    }
    this.ratePerNano = requestsPerSecond / 1e9;
    this.burst = burst;
    this.nanos = requireNonNull(nanos, "nanos");
  }

  private final class Bucket {
    private double tokens = burst;
    private long updated = nanos.getAsLong();

    /** Takes a token, or returns how many nanoseconds until one is free. */
    synchronized long take() {
      long now = nanos.getAsLong();
      tokens = Math.min(burst, tokens + (now - updated) * ratePerNano);
      updated = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / ratePerNano);
    }
  }

  /**
   * Returns how long the credential of {@code identity} must wait before its next request, in
   * nanoseconds, or 0 if this request may go now (and is counted).
   */
  public long acquire(Identity identity) {
    return buckets.computeIfAbsent(identity.credentialId(), id -> new Bucket()).take();
  }

  /**
   * Returns a decorator, to go inside authentication, that answers with {@code refusal}. It is a
   * decorating service, not a bare lambda, so that the service inside still hears {@code
   * serviceAdded} (the gRPC service needs it, for one to serve reflection).
   */
  public Function<? super HttpService, HttpService> newDecorator(Authentication.Refusal refusal) {
    return service ->
        service.decorate(
            (HttpService delegate, ServiceRequestContext ctx, HttpRequest req) -> {
              Identity identity = RequestIdentity.of(ctx);
              long wait = identity == null || identity.access().operator() ? 0 : acquire(identity);
              if (wait == 0) {
                return delegate.serve(ctx, req);
              }
              long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
              HttpResponse refused =
                  Authentication.afterBody(
                      req,
                      () ->
                          refusal.refuse(
                              ctx,
                              req,
                              "too many requests for this credential; retry in " + seconds + " s"));
              return refused.mapHeaders(
                  headers ->
                      headers.toBuilder().set("retry-after", Long.toString(seconds)).build());
            });
  }
}
