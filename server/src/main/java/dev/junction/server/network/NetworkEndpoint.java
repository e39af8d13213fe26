package dev.junction.server.network;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.network.NetworkView;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.StoreUnavailable;
import dev.junction.server.auth.Authentication;
import dev.junction.server.auth.RequestCallers;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Junction's extension for tenants: {@code GET /junction/v1/network/{resourceId}} shows what the
 * network observed of a trunk, a private or public connection, or a CNI (state and since, the last
 * error, prefixes received and advertised, the link, the conditions, and whether the router's agent
 * is heard from), which neither public API has fields for. It takes the same credentials as both
 * dialects, and another tenant's resource is a 404 like a missing one. Errors are {@code {"code",
 * "message"}}.
 */
public final class NetworkEndpoint {
  private static final Pattern PATH = Pattern.compile("/junction/v1/network/([^/]*)");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,100}");

  private final NetworkView view;

  public NetworkEndpoint(NetworkView view) {
    this.view = requireNonNull(view, "view");
  }

  /** Adds the endpoint to {@code sb}, behind {@code guard} (authentication, limits, audit). */
  public void configure(
      ServerBuilder sb, Function<? super HttpService, ? extends HttpService> guard) {
    HttpService service = this::serve;
    sb.service(Route.builder().pathPrefix("/junction/v1/").build(), service.decorate(guard));
  }

  /** Answers a request that failed authentication. */
  public static HttpResponse unauthenticated(
      ServiceRequestContext ctx, HttpRequest req, String message) {
    return JsonError.of(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", message);
  }

  /** Answers a request whose credentials could not be checked: the database is out of reach. */
  public static HttpResponse unavailable(
      ServiceRequestContext ctx, HttpRequest req, String message) {
    return JsonError.of(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", message);
  }

  /** Answers a request over its credential's rate (the server adds {@code Retry-After}). */
  public static HttpResponse rateLimited(
      ServiceRequestContext ctx, HttpRequest req, String message) {
    return JsonError.of(HttpStatus.TOO_MANY_REQUESTS, "RESOURCE_EXHAUSTED", message);
  }

  private HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    Matcher matcher = PATH.matcher(ctx.path());
    if (!matcher.matches()) {
      return Authentication.afterBody(
          req,
          () ->
              JsonError.of(
                  HttpStatus.NOT_FOUND,
                  "NOT_FOUND",
                  "no method "
                      + req.method()
                      + " "
                      + shortened(ctx.path())
                      + "; the network of a resource is at /junction/v1/network/{resourceId}"));
    }
    if (req.method() != HttpMethod.GET) {
      return Authentication.afterBody(
          req,
          () ->
              JsonError.of(
                  HttpStatus.METHOD_NOT_ALLOWED,
                  "METHOD_NOT_ALLOWED",
                  "the network of a resource is only read, with GET"));
    }
    String query = ctx.query();
    if (query != null && !query.isEmpty()) {
      String parameter = QueryParams.fromQueryString(query).names().stream().findFirst().orElse("");
      return Authentication.afterBody(
          req,
          () ->
              JsonError.invalid(
                  shortened(parameter.isEmpty() ? "query" : parameter)
                      + ": is not a parameter of this method, which takes none"));
    }
    String id = matcher.group(1);
    if (!ID.matcher(id).matches()) {
      return Authentication.afterBody(
          req,
          () ->
              JsonError.invalid(
                  "resourceId: must be the id of a trunk, a private or public connection or a CNI"
                      + " (1-100 letters, digits, '.', '_', '~' or '-')"));
    }
    return HttpResponse.of(
        req.aggregate()
            .thenApplyAsync(
                ignored -> {
                  try {
                    return HttpResponse.of(
                        HttpStatus.OK,
                        MediaType.JSON_UTF_8,
                        NetworkJson.subject(view.subject(RequestCallers.of(ctx), id)).toString());
                  } catch (ProblemException e) {
                    if (e.problem() instanceof Problem.NotFound) {
                      // The core names the kind of a resource it found but the caller may not
                      // read; a missing one has no kind. Both answer exactly the same here.
                      return JsonError.of(
                          HttpStatus.NOT_FOUND,
                          "NOT_FOUND",
                          "trunk or connection " + id + " not found");
                    }
                    return JsonError.of(e.problem());
                  } catch (StoreUnavailable e) {
                    return JsonError.unavailable();
                  }
                },
                ctx.blockingTaskExecutor()));
  }

  /** Returns {@code text}, cut to 100 characters, for echoing what a request sent. */
  private static String shortened(String text) {
    return text.length() > 100 ? text.substring(0, 100) + "..." : text;
  }
}
