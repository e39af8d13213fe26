package dev.junction.server.metrics;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.api.cloudflare.CloudflareDialect;
import dev.junction.api.yandex.rest.RestTranscoder;
import io.grpc.Status;

/**
 * What kind of request one was, in labels taken from bounded sets only: the API it was addressed
 * to, the route it matched (never the raw path) and how it ended.
 *
 * @param dialect {@code yandex-grpc}, {@code yandex-rest}, {@code cloudflare}, {@code admin},
 *     {@code network}, {@code console} or {@code other}
 * @param method the HTTP method and the route's pattern ({@code GET
 *     /cic/v1/privateConnections/{private_connection_id}}), or a gRPC call's full method name
 *     ({@code yandex.cloud.cic.v1.PrivateConnectionService/Get}): the routes are the server's own
 * @param result the HTTP status class ({@code 2xx} ... {@code 5xx}) or the gRPC status code name
 *     ({@code OK}, {@code NOT_FOUND}, ...)
 * @param status the HTTP status code
 * @param grpc whether the request was a gRPC call
 */
public record RequestKind(String dialect, String method, String result, int status, boolean grpc) {
  public RequestKind {
    requireNonNull(dialect, "dialect");
    requireNonNull(method, "method");
    requireNonNull(result, "result");
  }

  /** Returns the kind of the request of {@code ctx}, whose {@code log} is complete. */
  public static RequestKind of(ServiceRequestContext ctx, RequestLog log) {
    String pattern = ctx.config().route().patternString();
    MediaType type = log.requestHeaders().contentType();
    boolean grpc = type != null && type.subtype().startsWith("grpc");
    int status = log.responseHeaders().status().code();
    if (grpc) {
      // A known method has an exact route, /package.Service/Method; any other gets the one
      // route of unknown methods.
      String method =
          pattern.startsWith("/") && pattern.indexOf('*') < 0 ? pattern.substring(1) : "unknown";
      return new RequestKind("yandex-grpc", method, grpcResult(log), status, true);
    }
    return new RequestKind(
        dialectOf(pattern),
        ctx.method().name() + " " + routeOf(ctx, pattern),
        status / 100 + "xx",
        status,
        false);
  }

  /**
   * Returns the route of a request: what its dialect named it once it found the endpoint (a Yandex
   * REST request its RPC, {@code yandex.cloud.cic.v1.PrivateConnectionService/Get}; a Cloudflare
   * one its path template, {@code /client/v4/accounts/{account_id}/cni/interconnects/{id}}), else
   * the pattern of the route that matched it.
   */
  private static String routeOf(ServiceRequestContext ctx, String pattern) {
    String rpc = ctx.attr(RestTranscoder.ROUTE);
    if (rpc != null) {
      return rpc;
    }
    String endpoint = ctx.attr(CloudflareDialect.ROUTE);
    if (endpoint != null) {
      return "/client/v4/accounts/{account_id}/cni/" + endpoint;
    }
    return pattern;
  }

  /** Returns the API a route belongs to, by the prefix of its pattern. */
  static String dialectOf(String pattern) {
    if (pattern.startsWith("/client/v4/")) {
      return "cloudflare";
    }
    if (pattern.startsWith("/cic/")
        || pattern.startsWith("/operations/")
        || pattern.startsWith("/endpoints")) {
      return "yandex-rest";
    }
    if (pattern.startsWith("/yandex.cloud.") || pattern.startsWith("/grpc.")) {
      return "yandex-grpc";
    }
    if (pattern.startsWith("/admin/") || pattern.startsWith("/junction/v1/whoami")) {
      return "admin";
    }
    if (pattern.startsWith("/agent/") || pattern.startsWith("/junction/v1/")) {
      return "network";
    }
    if (pattern.startsWith("/console")) {
      return "console";
    }
    return "other";
  }

  private static String grpcResult(RequestLog log) {
    String value = log.responseTrailers().get("grpc-status");
    if (value == null) {
      value = log.responseHeaders().get("grpc-status");
    }
    if (value == null) {
      return log.responseHeaders().status().code() / 100 + "xx";
    }
    try {
      int code = Integer.parseInt(value);
      Status.Code[] codes = Status.Code.values();
      return code >= 0 && code < codes.length ? codes[code].name() : "UNKNOWN";
    } catch (NumberFormatException e) {
      return "UNKNOWN";
    }
  }
}
