package dev.junction.server.auth;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.access.Identity;
import dev.junction.core.access.Principal;
import dev.junction.server.network.JsonError;
import java.util.Locale;
import java.util.function.Function;

/**
 * Junction's extension {@code GET /junction/v1/whoami}: answers who the request's credential stands
 * for, {@code {"principalId", "tenantId", "kind", "operator"}}, from what authentication attached
 * to the request (no database read). It takes the same credentials as both dialects and answers
 * errors as {@code {"code", "message"}}, like {@code /junction/v1/network/{resourceId}}.
 */
public final class WhoAmI {
  /** The endpoint's path. */
  public static final String PATH = "/junction/v1/whoami";

  private WhoAmI() {}

  /**
   * Adds the endpoint to {@code sb}, behind {@code guard} (authentication, limits, audit). Call it
   * before a service on a prefix of {@link #PATH}: the first route that matches serves.
   */
  public static void configure(
      ServerBuilder sb, Function<? super HttpService, ? extends HttpService> guard) {
    HttpService service = WhoAmI::serve;
    sb.service(PATH, service.decorate(guard));
  }

  private static HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      return Authentication.afterBody(
          req,
          () ->
              JsonError.of(
                  HttpStatus.METHOD_NOT_ALLOWED,
                  "METHOD_NOT_ALLOWED",
                  "who the caller is is only read, with GET"));
    }
    String query = ctx.query();
    if (query != null && !query.isEmpty()) {
      return Authentication.afterBody(
          req, () -> JsonError.invalid("query: this method takes no parameters"));
    }
    Identity identity = RequestIdentity.of(ctx);
    if (identity == null) {
      // Authentication lets no request through without an identity; this is the fallback of a
      // wiring mistake, never an answer with someone's data.
      return Authentication.afterBody(
          req,
          () ->
              JsonError.of(
                  HttpStatus.UNAUTHORIZED,
                  "UNAUTHENTICATED",
                  "the request has no Authorization: Bearer token"));
    }
    Principal principal = identity.principal();
    // Written by hand (Jackson's string quoting only): a tree of nodes and its printer cost a
    // third of this handler's samples (docs/performance.md, "P1: a warm profile of the three
    // paths").
    StringBuilder body = new StringBuilder(96).append("{\"principalId\":");
    quoted(body, principal.id()).append(",\"tenantId\":");
    quoted(body, principal.tenantId())
        .append(",\"kind\":\"")
        .append(principal.kind().name().toLowerCase(Locale.ROOT))
        .append("\",\"operator\":")
        .append(principal.operator())
        .append('}');
    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, body.toString());
  }

  /** Appends {@code value} to {@code json} as a JSON string. */
  private static StringBuilder quoted(StringBuilder json, String value) {
    json.append('"');
    JsonStringEncoder.getInstance().quoteAsString(value, json);
    return json.append('"');
  }
}
