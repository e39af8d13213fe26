package dev.junction.api.cloudflare;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.UseCases;
import dev.junction.core.access.Caller;
import dev.junction.core.net.Asn;
import java.time.InstantSource;
import java.util.function.Function;

/**
 * The Cloudflare Network Interconnects dialect on one Armeria server: every operation under {@code
 * /client/v4/accounts/{account_id}/cni/}, as the official SDKs call them.
 */
public final class CloudflareDialect {
  /** Where the API is mounted, as the SDKs' base URL ends. */
  public static final String BASE = "/client/v4";

  private final CloudflareApi api;

  /**
   * @param callers returns the caller of the request being served: who, and what it may do
   * @param providerName the provider's name, printed on letters of authorization
   * @param gcpPartner the catalogue partner that {@code gcp_partner} interconnects go through
   * @param defaultAsn the provider ASN of an account that chose none
   */
  public CloudflareDialect(
      UseCases useCases,
      Function<ServiceRequestContext, Caller> callers,
      String providerName,
      String gcpPartner,
      Asn defaultAsn,
      InstantSource clock) {
    this.api =
        new CloudflareApi(
            useCases,
            callers,
            new CloudflareApi.Settings(providerName, gcpPartner, defaultAsn),
            clock);
  }

  /** Adds the API to {@code sb}, behind {@code authentication}. */
  public void configure(
      ServerBuilder sb, Function<? super HttpService, ? extends HttpService> authentication) {
    HttpService service =
        (ctx, req) ->
            HttpResponse.of(
                req.aggregate()
                    .thenApplyAsync(
                        request -> api.handle(ctx, request), ctx.blockingTaskExecutor()));
    sb.service(Route.builder().pathPrefix(BASE + "/").build(), service.decorate(authentication));
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
