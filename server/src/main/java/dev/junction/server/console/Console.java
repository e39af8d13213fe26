package dev.junction.server.console;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.UseCases;
import dev.junction.core.access.CredentialCache;
import dev.junction.core.access.Identity;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.StoreUnavailable;
import dev.junction.network.plan.Planner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console at {@code /console}: HTML pages rendered here from the core's use cases,
 * called as the signed-in user, so that a page shows only what that user's token may see. Sign-in
 * takes an API token ({@link ConsoleSession}); every form is a POST carrying a CSRF token. Pages
 * that show something in progress refresh their content by themselves ({@code console.js}).
 */
public final class Console {
  private static final Logger log = LoggerFactory.getLogger(Console.class);

  private static final Pattern TICKET_ACTION =
      Pattern.compile("/console/tickets/([^/]+)/(approve|reject)");
  private static final Pattern ROUTER = Pattern.compile("/console/routers/([^/]+)");
  private static final int MAX_TOKEN = 1024;

  /** The answer to a form without the CSRF token of the browser's cookie. */
  private static final Screen FORGED =
      Screen.problem(
          HttpStatus.FORBIDDEN,
          "Form refused",
          "csrf: the form's CSRF token is missing or does not match this browser's; reload the"
              + " page and send the form again");

  private final ConsoleSession session;
  private final NetworkPages network;
  private final ResourcePages resources;
  private final OperationPages operations;
  private final TicketPages tickets;
  private final AuditPages audit;
  private final byte[] script;
  private final byte[] styles;

  /**
   * @param planner computes routers' plans
   * @param serverDriver the driver the server itself runs a router with, empty for a router a
   *     {@code junction agent} drives
   */
  public Console(
      UseCases useCases,
      CredentialCache credentials,
      Planner planner,
      Function<String, Optional<String>> serverDriver) {
    requireNonNull(useCases, "useCases");
    this.session = new ConsoleSession(credentials);
    this.network = new NetworkPages(useCases.network(), planner, serverDriver);
    this.resources = new ResourcePages(useCases);
    this.operations = new OperationPages(useCases.operations());
    this.tickets = new TicketPages(useCases);
    this.audit = new AuditPages(useCases.audit());
    this.script = resource("console.js");
    this.styles = resource("console.css");
  }

  private static byte[] resource(String name) {
    try (InputStream in = Console.class.getResourceAsStream("/console/" + name)) {
      if (in == null) {
        throw new IllegalStateException("console/" + name + " is missing from the server's jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds the console to {@code sb} at {@code /console}, behind {@code audit}, which records every
   * POST (sign-in, approvals, sign-out) and every refusal.
   */
  public void configure(
      ServerBuilder sb, Function<? super HttpService, ? extends HttpService> audit) {
    HttpService service =
        (ctx, req) ->
            HttpResponse.of(
                req.aggregate()
                    .thenApplyAsync(request -> handle(ctx, request), ctx.blockingTaskExecutor()));
    HttpService decorated = service.decorate(audit);
    sb.service(Route.builder().exact("/console").build(), decorated);
    sb.service(Route.builder().pathPrefix("/console/").build(), decorated);
  }

  private HttpResponse handle(ServiceRequestContext ctx, AggregatedHttpRequest request) {
    String path = ctx.path();
    HttpMethod method = request.method();
    try {
      if (path.equals("/console/static/console.js")) {
        return Layout.asset(method, MediaType.JAVASCRIPT_UTF_8, script);
      }
      if (path.equals("/console/static/console.css")) {
        return Layout.asset(method, MediaType.CSS_UTF_8, styles);
      }
      if (method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.POST) {
        return Layout.render(
            ctx,
            request,
            Screen.problem(
                HttpStatus.METHOD_NOT_ALLOWED,
                "Method not allowed",
                method + " is not allowed here: the console takes GET and POST"),
            Optional.empty(),
            List.of());
      }
      boolean post = method == HttpMethod.POST;
      QueryParams form = post ? form(request) : QueryParams.of();
      List<String> cookies = new ArrayList<>();
      Optional<String> csrf = ConsoleSession.csrf(request.toHttpRequest());
      boolean forged = post && !ConsoleSession.csrfMatches(csrf, text(form, "csrf"));
      if (csrf.isEmpty()) {
        csrf = Optional.of(ConsoleSession.newCsrf());
        cookies.add(ConsoleSession.setCookie(ctx, ConsoleSession.CSRF_COOKIE, csrf.get()));
      }
      if (path.equals("/console/sign-in")) {
        if (forged) {
          return Layout.render(ctx, request, FORGED, Optional.empty(), cookies);
        }
        return post
            ? signIn(ctx, request, form, csrf.get())
            : Layout.render(
                ctx, request, signInPage(csrf.get(), "", HttpStatus.OK), Optional.empty(), cookies);
      }
      Optional<String> token = ConsoleSession.token(request.toHttpRequest());
      Optional<Identity> identity = token.flatMap(session::authenticate);
      if (identity.isEmpty()) {
        if (token.isPresent()) {
          cookies.add(ConsoleSession.clearCookie(ctx, ConsoleSession.TOKEN_COOKIE));
        }
        if (request.headers().contains(Layout.FRAGMENT_HEADER)) {
          return Layout.answer(
              HttpStatus.UNAUTHORIZED, MediaType.PLAIN_TEXT_UTF_8, "signed out\n", cookies, null);
        }
        return Layout.answer(
            HttpStatus.SEE_OTHER, MediaType.PLAIN_TEXT_UTF_8, "", cookies, "/console/sign-in");
      }
      Viewer viewer =
          new Viewer(ConsoleSession.caller(ctx, identity.get()), identity.get(), csrf.get());
      if (forged) {
        // Checked once the user is known, so that the audit log records who was refused.
        return Layout.render(ctx, request, FORGED, Optional.of(viewer), cookies);
      }
      if (post) {
        return action(ctx, request, path, viewer, cookies);
      }
      return Layout.render(ctx, request, page(ctx, path, viewer), Optional.of(viewer), cookies);
    } catch (BadParameter e) {
      return Layout.render(
          ctx,
          request,
          Screen.problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage()),
          Optional.empty(),
          List.of());
    } catch (RuntimeException bug) {
      log.error("Unexpected failure in the console on {}", path, bug);
      return Layout.render(
          ctx,
          request,
          Screen.problem(
              HttpStatus.INTERNAL_SERVER_ERROR,
              "Internal error",
              "The console failed unexpectedly; the server's log says why (request "
                  + ctx.id().text()
                  + ")."),
          Optional.empty(),
          List.of());
    }
  }

  /** Answers a GET of a page, or a page saying why it cannot be shown. */
  private Screen page(ServiceRequestContext ctx, String path, Viewer viewer) throws BadParameter {
    try {
      if (path.equals("/console") || path.equals("/console/")) {
        allowOnly(ctx);
        return resources.page(viewer);
      }
      if (path.equals("/console/resources")) {
        allowOnly(ctx);
        return resources.page(viewer);
      }
      if (path.equals("/console/routers")) {
        allowOnly(ctx);
        return network.routers(viewer);
      }
      Matcher router = ROUTER.matcher(path);
      if (router.matches()) {
        allowOnly(ctx);
        return network.router(viewer, router.group(1));
      }
      if (path.equals("/console/operations")) {
        allowOnly(ctx);
        return operations.page(viewer);
      }
      if (path.equals("/console/tickets")) {
        allowOnly(ctx, "done");
        return tickets.page(viewer, text(ctx, "done"));
      }
      if (path.equals("/console/audit")) {
        allowOnly(ctx, AuditPages.PARAMETERS);
        return audit.page(viewer, ctx.queryParams());
      }
      return Screen.problem(
          HttpStatus.NOT_FOUND, "Not found", "There is no console page at " + path);
    } catch (ProblemException e) {
      return problem(e.problem());
    } catch (StoreUnavailable e) {
      return Screen.problem(
          HttpStatus.SERVICE_UNAVAILABLE, "Unavailable", StoreUnavailable.MESSAGE);
    }
  }

  /** Carries out a POST: sign-out, approving or rejecting a ticket. */
  private HttpResponse action(
      ServiceRequestContext ctx,
      AggregatedHttpRequest request,
      String path,
      Viewer viewer,
      List<String> cookies)
      throws BadParameter {
    if (path.equals("/console/sign-out")) {
      cookies.add(ConsoleSession.clearCookie(ctx, ConsoleSession.TOKEN_COOKIE));
      cookies.add(ConsoleSession.clearCookie(ctx, ConsoleSession.CSRF_COOKIE));
      return Layout.answer(
          HttpStatus.SEE_OTHER, MediaType.PLAIN_TEXT_UTF_8, "", cookies, "/console/sign-in");
    }
    Matcher ticket = TICKET_ACTION.matcher(path);
    Screen refused;
    if (ticket.matches()) {
      try {
        String done = tickets.act(viewer, ticket.group(1), ticket.group(2).equals("approve"));
        return Layout.answer(
            HttpStatus.SEE_OTHER,
            MediaType.PLAIN_TEXT_UTF_8,
            "",
            cookies,
            "/console/tickets?done=" + URLEncoder.encode(done, StandardCharsets.UTF_8));
      } catch (ProblemException e) {
        refused = problem(e.problem());
      } catch (StoreUnavailable e) {
        refused =
            Screen.problem(HttpStatus.SERVICE_UNAVAILABLE, "Unavailable", StoreUnavailable.MESSAGE);
      }
    } else {
      refused =
          Screen.problem(
              HttpStatus.NOT_FOUND, "Not found", "There is no console action at " + path);
    }
    return Layout.render(ctx, request, refused, Optional.of(viewer), cookies);
  }

  private HttpResponse signIn(
      ServiceRequestContext ctx, AggregatedHttpRequest request, QueryParams form, String csrf)
      throws BadParameter {
    String token = text(form, "token").strip();
    List<String> cookies = new ArrayList<>();
    if (token.isEmpty()) {
      return Layout.render(
          ctx,
          request,
          signInPage(csrf, "token: is required: paste an API token", HttpStatus.BAD_REQUEST),
          Optional.empty(),
          cookies);
    }
    Optional<Identity> identity =
        token.length() > MAX_TOKEN ? Optional.empty() : session.authenticate(token);
    if (identity.isEmpty()) {
      return Layout.render(
          ctx,
          request,
          signInPage(
              csrf,
              "token: is not a valid API token (unknown, expired or revoked)",
              HttpStatus.UNAUTHORIZED),
          Optional.empty(),
          cookies);
    }
    ConsoleSession.caller(ctx, identity.get());
    cookies.add(ConsoleSession.setCookie(ctx, ConsoleSession.TOKEN_COOKIE, token));
    // A new CSRF token with each sign-in: one planted before it is of no use after.
    cookies.add(
        ConsoleSession.setCookie(ctx, ConsoleSession.CSRF_COOKIE, ConsoleSession.newCsrf()));
    return Layout.answer(HttpStatus.SEE_OTHER, MediaType.PLAIN_TEXT_UTF_8, "", cookies, "/console");
  }

  private static Screen signInPage(String csrf, String error, HttpStatus status) {
    Html content = new Html();
    content.element("h1", "Sign in");
    content.raw(
        "<p>Paste an API token: the operator's (the server wrote it to <code>admin-token</code> in"
            + " its data directory on the first start) or a tenant's. The console shows what that"
            + " token may see.</p>");
    if (!error.isEmpty()) {
      content.raw("<p class=\"problem\" id=\"sign-in-error\">").text(error).raw("</p>");
    }
    content
        .raw("<form method=\"post\" action=\"/console/sign-in\" class=\"sign-in\">")
        .raw("<input type=\"hidden\" name=\"csrf\" value=\"")
        .text(csrf)
        .raw("\"><label for=\"token\">API token</label>")
        .raw(
            "<input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"off\""
                + " required>")
        .raw("<button type=\"submit\">Sign in</button></form>");
    return new Screen(status, "Sign in", content.toString(), false);
  }

  private static Screen problem(Problem problem) {
    return switch (problem) {
      case Problem.PermissionDenied denied ->
          Screen.problem(
              HttpStatus.FORBIDDEN,
              "Not allowed",
              "Your token may not see this page: " + problem.message());
      case Problem.NotFound notFound ->
          Screen.problem(HttpStatus.NOT_FOUND, "Not found", problem.message());
      case Problem.InvalidArgument invalid ->
          Screen.problem(HttpStatus.BAD_REQUEST, "Bad request", problem.message());
      case Problem.Unauthenticated unauthenticated ->
          Screen.problem(HttpStatus.UNAUTHORIZED, "Signed out", problem.message());
      case Problem.Unavailable unavailable ->
          Screen.problem(HttpStatus.SERVICE_UNAVAILABLE, "Unavailable", problem.message());
      case Problem.ResourceExhausted exhausted ->
          Screen.problem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", problem.message());
      default -> Screen.problem(HttpStatus.CONFLICT, "Refused", problem.message());
    };
  }

  /** Returns the fields of a POSTed form; only {@code application/x-www-form-urlencoded}. */
  private static QueryParams form(AggregatedHttpRequest request) throws BadParameter {
    MediaType type = request.contentType();
    String body = request.contentUtf8();
    if (body.isEmpty()) {
      return QueryParams.of();
    }
    if (type == null || !type.is(MediaType.FORM_DATA)) {
      throw new BadParameter(
          "the form must be sent as application/x-www-form-urlencoded, as a browser does");
    }
    return QueryParams.fromQueryString(body);
  }

  private static String text(QueryParams params, String name) throws BadParameter {
    List<String> values = params.getAll(name);
    if (values.size() > 1) {
      throw new BadParameter(name + ": must be given at most once");
    }
    return values.isEmpty() ? "" : values.get(0);
  }

  static String text(ServiceRequestContext ctx, String name) throws BadParameter {
    return text(ctx.queryParams(), name);
  }

  /** Refuses a query parameter the page does not take: none is silently ignored. */
  private static void allowOnly(ServiceRequestContext ctx, String... names) throws BadParameter {
    List<String> allowed = List.of(names);
    for (String name : ctx.queryParams().names()) {
      if (!allowed.contains(name)) {
        throw new BadParameter(
            Html.escape(name).length() > 100
                ? "a query parameter is not one of this page's"
                : name
                    + ": is not a parameter of this page"
                    + (allowed.isEmpty()
                        ? " (it takes none)"
                        : " (it takes " + String.join(", ", allowed) + ")"));
      }
    }
  }
}
