package dev.junction.server.edge;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.nio.charset.StandardCharsets;

/**
 * Refuses, with 415 in the API's error body, a request whose body is not JSON: every REST API of
 * Junction (Yandex REST, Cloudflare, the operator API, the network endpoint, the agent API) reads
 * {@code application/json} only. A request without a body is let through whatever its {@code
 * Content-Type} (SDKs send one on every request), and so is a body without one, which is read as
 * JSON as before. gRPC calls are the gRPC service's, and the console's HTML forms the console's.
 */
public final class ContentTypes implements DecoratingHttpServiceFunction {
  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    MediaType type = req.contentType();
    boolean sent = req.headers().contains(HttpHeaderNames.CONTENT_TYPE);
    if (!sent
        || EdgeApi.grpc(req.headers())
        || (type != null && accepted(type))
        || bodiless(req)
        || console(ctx.path())) {
      return delegate.serve(ctx, req);
    }
    String named = type == null ? "not a media type" : describe(type);
    return EdgeApi.of(ctx.path())
        .error(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "Content-Type: "
                + named
                + " is not accepted; send the body as application/json in UTF-8")
        .toHttpResponse();
  }

  /** Returns whether {@code path} is the console's, whose forms are not JSON: it reads them. */
  private static boolean console(String path) {
    return path.equals("/console") || path.startsWith("/console/");
  }

  /**
   * Returns whether {@code type} is JSON: {@code application/json}, in UTF-8 (RFC 8259: JSON
   * exchanged between systems is UTF-8), with or without saying so.
   */
  static boolean accepted(MediaType type) {
    return type.is(MediaType.JSON) && utf8(type);
  }

  private static boolean utf8(MediaType type) {
    try {
      return type.charset(StandardCharsets.UTF_8).equals(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException unknownCharset) {
      return false;
    }
  }

  private static String describe(MediaType type) {
    String charset =
        type.parameters().getOrDefault("charset", java.util.List.of()).stream()
            .findFirst()
            .map(c -> "; charset=" + (c.length() > 40 ? c.substring(0, 40) + "..." : c))
            .orElse("");
    return type.withoutParameters() + charset;
  }

  private static boolean bodiless(HttpRequest req) {
    return req.isEmpty() || req.headers().contentLength() == 0;
  }
}
