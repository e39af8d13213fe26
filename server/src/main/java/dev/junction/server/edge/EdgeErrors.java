package dev.junction.server.edge;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.Flags;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.store.StoreUnavailable;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes the errors the HTTP layer answers before (or instead of) a handler in the body of the API
 * whose path it is (see {@link EdgeApi}): a path the server refuses to route, a body over {@code
 * limits.maxRequestBytes}, headers over the server's limit, a path no service serves, a method a
 * path does not take, and, last resort, a handler that let the store's absence through (503, never
 * a 500). gRPC calls, and a refused HTTP/2 request whose headers Armeria did not make, keep
 * Armeria's own answers, which the gRPC service shapes.
 */
public final class EdgeErrors implements ServerErrorHandler {
  /** The longest part of a client's path that an error repeats. */
  private static final int PATH_SHOWN = 200;

  @Override
  public @Nullable HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
    if (EdgeApi.grpc(ctx.request().headers())) {
      return null;
    }
    if (cause instanceof RequestTimeoutException) {
      return timedOut(ctx);
    }
    if (!storeUnavailable(cause)) {
      return null;
    }
    return EdgeApi.of(ctx.path())
        .error(HttpStatus.SERVICE_UNAVAILABLE, StoreUnavailable.MESSAGE)
        .toHttpResponse();
  }

  /**
   * Answers a request the server's own timeout cut, a backstop: every handler that waits answers
   * before it. The change the request asked for may have been made, so the answer says to look
   * before sending it again, and tells the SDKs not to retry it blindly.
   */
  private static HttpResponse timedOut(ServiceRequestContext ctx) {
    HttpMethod method = ctx.method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      return EdgeApi.of(ctx.path())
          .error(
              HttpStatus.SERVICE_UNAVAILABLE,
              "the request took longer than the server allows; retry later")
          .toHttpResponse();
    }
    AggregatedHttpResponse error =
        EdgeApi.of(ctx.path())
            .error(
                HttpStatus.SERVICE_UNAVAILABLE,
                "the request took longer than the server allows; a change it asked for may have"
                    + " been made: read the resource before sending it again");
    return AggregatedHttpResponse.of(
            error.headers().toBuilder().set("x-should-retry", "false").build(), error.content())
        .toHttpResponse();
  }

  @Override
  public @Nullable AggregatedHttpResponse onProtocolViolation(
      ServiceConfig config,
      @Nullable RequestHeaders headers,
      HttpStatus status,
      @Nullable String description,
      @Nullable Throwable cause) {
    // Armeria makes no headers of a request whose path or headers it refuses: the path is then
    // the one the connection's bytes showed. With neither (HTTP/2, where gRPC calls come, or no
    // readable request line) the API is unknown, and the answer stays Armeria's.
    RequestTargets.RequestLine line = RequestTargets.current();
    if (EdgeApi.grpc(headers) || (headers == null && line == null)) {
      return null;
    }
    String path = headers != null ? headers.path() : line == null ? null : line.target();
    String method = method(headers, line);
    return EdgeApi.of(path)
        .error(status, message(status, description, method, path, config.maxRequestLength()));
  }

  @Override
  public @Nullable AggregatedHttpResponse renderStatus(
      @Nullable ServiceRequestContext ctx,
      ServiceConfig config,
      @Nullable RequestHeaders headers,
      HttpStatus status,
      @Nullable String description,
      @Nullable Throwable cause) {
    RequestTargets.RequestLine line = RequestTargets.current();
    if (EdgeApi.grpc(headers)
        || status.code() < 400
        || (ctx == null && headers == null && line == null)) {
      return null;
    }
    String path =
        ctx != null
            ? ctx.path()
            : headers != null ? headers.path() : line == null ? null : line.target();
    String method = method(headers, line);
    long limit = ctx != null ? ctx.maxRequestLength() : config.maxRequestLength();
    return EdgeApi.of(path).error(status, message(status, description, method, path, limit));
  }

  /**
   * Returns what went wrong, naming the part of the request at fault and the rule. The client's
   * path is repeated only shortened, and a server failure's cause never leaves the server.
   */
  static String message(
      HttpStatus status,
      @Nullable String description,
      @Nullable String method,
      @Nullable String path,
      long maxBody) {
    String shown = shown(path);
    return switch (status.code()) {
      case 400 ->
          description == null || description.toLowerCase(Locale.ROOT).contains("path")
              ? "request path: not a valid path; neither the path nor the query may hold an"
                  + " encoded NUL (%00), an encoded slash (%2F), a '..' segment or a malformed"
                  + " percent-escape"
              : "request: " + shown(description);
      case 404 -> "no API method at " + shown;
      case 405 -> (method == null ? "this method" : method) + " is not allowed on " + shown;
      case 413 -> "request body: larger than the limit of " + maxBody + " bytes";
      case 414 -> "request path: longer than the server accepts";
      case 431 ->
          "request headers: larger than the limit of "
              + Flags.defaultHttp1MaxHeaderSize()
              + " bytes";
      case 503 -> "the server cannot serve this request now; retry later";
      default ->
          status.isClientError()
              ? "request: refused by the HTTP layer (" + status + ")"
              : "internal error";
    };
  }

  /** Returns the request's method: the headers' if Armeria knew it, else the request line's. */
  private static @Nullable String method(
      @Nullable RequestHeaders headers, RequestTargets.@Nullable RequestLine line) {
    if (headers != null && headers.method() != HttpMethod.UNKNOWN) {
      return headers.method().name();
    }
    return line == null ? null : line.method();
  }

  private static String shown(@Nullable String path) {
    if (path == null) {
      return "this path";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.length() && out.length() < PATH_SHOWN; i++) {
      char c = path.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.length() < path.length() ? out + "..." : out.toString();
  }

  private static boolean storeUnavailable(Throwable cause) {
    for (Throwable each = cause; each != null; each = each.getCause()) {
      if (each instanceof StoreUnavailable) {
        return true;
      }
    }
    return false;
  }
}
