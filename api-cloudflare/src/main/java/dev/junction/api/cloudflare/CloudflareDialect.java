package dev.junction.api.cloudflare;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.UseCases;
import dev.junction.core.access.Caller;
import dev.junction.core.net.Asn;
import dev.junction.core.operation.OperationWaiter;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Function;

/**
 * The Cloudflare Network Interconnects dialect on one Armeria server: every operation under {@code
 * /client/v4/accounts/{account_id}/cni/}, as the official SDKs call them.
 */
public final class CloudflareDialect {
  /**
   * The endpoint a request matched, as its path after {@code cni/} with {@code {id}} for the id
   * ({@code interconnects/{id}/loa}), set once it matched.
   */
  public static final AttributeKey<String> ROUTE =
      AttributeKey.valueOf(CloudflareDialect.class, "route");

  /** Where the API is mounted, as the SDKs' base URL ends. */
  public static final String BASE = "/client/v4";

  /**
   * How much longer than its change wait a request may take before the web server's timeout cuts
   * it, so that the dialect's own answer always comes first; that timeout is only a backstop.
   */
  public static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(10);

  private final CloudflareApi api;
  private final Duration changeWait;

  /**
   * @param callers returns the caller of the request being served: who, and what it may do
   * @param providerName the provider's name, printed on letters of authorization
   * @param gcpPartner the catalogue partner that {@code gcp_partner} interconnects go through
   * @param defaultAsn the provider ASN of an account that chose none
   * @param waiter tells when a change's operation is done
   * @param changeWait how long a request that changes the network waits for it at most
   */
  public CloudflareDialect(
      UseCases useCases,
      Function<ServiceRequestContext, Caller> callers,
      String providerName,
      String gcpPartner,
      Asn defaultAsn,
      InstantSource clock,
      OperationWaiter waiter,
      Duration changeWait) {
    this.changeWait = requireNonNull(changeWait, "changeWait");
    this.api =
        new CloudflareApi(
            useCases,
            callers,
            new CloudflareApi.Settings(providerName, gcpPartner, defaultAsn),
            clock,
            new ChangeWaits(waiter, changeWait));
  }

  /**
   * Adds the API to {@code sb}, behind {@code authentication}. With {@code readsInPlace}, a GET (a
   * read) runs on the event loop that took it instead of the blocking pool: only for a store whose
   * reads never wait there (the embedded store). A letter of authorization, whose PDF takes longer
   * to make than a read (and loads its fonts the first time), stays on the blocking pool.
   */
  public void configure(
      ServerBuilder sb,
      Function<? super HttpService, ? extends HttpService> authentication,
      boolean readsInPlace) {
    Duration timeout = changeWait.plus(TIMEOUT_MARGIN);
    HttpService service =
        (ctx, req) -> {
          // A change is answered within changeWait; the server's own timeout (10 s by default)
          // must not cut it first.
          ctx.setRequestTimeout(TimeoutMode.SET_FROM_START, timeout);
          if (readsInPlace && req.method() == HttpMethod.GET && !rendersALetter(ctx.path())) {
            return HttpResponse.of(req.aggregate().thenApply(request -> api.handle(ctx, request)));
          }
          return HttpResponse.of(
              req.aggregate()
                  .thenApplyAsync(request -> api.handle(ctx, request), ctx.blockingTaskExecutor()));
        };
    sb.service(Route.builder().pathPrefix(BASE + "/").build(), service.decorate(authentication));
  }

  /** Returns whether {@code path} asks for a letter of authorization (a PDF to render). */
  private static boolean rendersALetter(String path) {
    return path.endsWith("/loa") || path.endsWith("/loa/default");
  }

  /**
   * Returns every operation this dialect answers, as {@code "METHOD
   * /client/v4/accounts/{account_id}/cni/..."} with a resource id written {@code {id}}, for its
   * documentation to be checked against.
   */
  public static List<String> routes() {
    return CloudflareApi.routes();
  }

  /** Answers a request over its credential's rate: 429 (the server adds {@code Retry-After}). */
  public HttpResponse rateLimited(ServiceRequestContext ctx, HttpRequest req, String message) {
    return CloudflareErrors.error(
        HttpStatus.TOO_MANY_REQUESTS, CloudflareErrors.RATE_LIMITED, message);
  }

  /**
   * Answers a request whose credentials could not be checked because the store is out of reach: 503
   * in Cloudflare's body.
   */
  public HttpResponse unavailable(ServiceRequestContext ctx, HttpRequest req, String message) {
    return CloudflareErrors.error(
        HttpStatus.SERVICE_UNAVAILABLE, CloudflareErrors.UNAVAILABLE, message);
  }

  /** Answers a request whose credentials are missing or wrong: 401 in Cloudflare's body. */
  public HttpResponse unauthenticated(ServiceRequestContext ctx, HttpRequest req, String message) {
    return CloudflareErrors.error(
        HttpStatus.UNAUTHORIZED,
        CloudflareErrors.AUTHENTICATION,
        "Authentication error: " + message);
  }
}
