package dev.junction.server.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.auth.OAuth2Token;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.auth.AuthService;
import com.linecorp.armeria.server.auth.AuthTokenExtractors;
import com.linecorp.armeria.server.auth.Authorizer;
import dev.junction.core.network.AgentCredential;
import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.AgentReport;
import dev.junction.core.network.DesiredChanges;
import dev.junction.core.network.DesiredState;
import dev.junction.core.network.Network;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.LeaseLost;
import dev.junction.network.agent.RouterChanges;
import dev.junction.server.auth.Authentication;
import dev.junction.server.config.ConfigException;
import dev.junction.server.config.DurationText;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API that {@code junction agent} talks to, under {@code /agent/v1/routers/{routerId}/}, in
 * JSON ({@link AgentWire}):
 *
 * <ul>
 *   <li>{@code POST register} with who the agent is: makes it the router's owner, taking the router
 *       over from any earlier agent (the newest agent of a router wins; the older one's reports are
 *       refused from then on), and answers {@code {"epoch": N}};
 *   <li>{@code GET snapshot?after=&limit=}: a page of everything the router should run;
 *   <li>{@code GET changes?since=&limit=&wait=}: what changed after a sequence, waiting up to
 *       {@code wait} (at most 30 s) for a change without holding a thread;
 *   <li>{@code POST report}: what the agent applied and observed; 409 {@code NOT_OWNER} if another
 *       agent has taken the router over since.
 * </ul>
 *
 * <p>Every call carries {@code Authorization: Bearer jra_...}, an agent credential the operator
 * issued for that router, checked in the store (off the event loop) on every call, so a revoked
 * credential is refused from its next call on (401). A credential of another router gets the same
 * 404 as a router that does not exist. API tokens, even the operator's, are not agent credentials.
 *
 * <p>These calls are not in the audit log: an agent reports every few seconds, and what matters (an
 * agent taking a router over) is recorded as a network event. Session intents carry MD5 keys in
 * clear; in production, put TLS in front of this API.
 */
public final class AgentApi {
  private static final Logger log = LoggerFactory.getLogger(AgentApi.class);
  private static final AttributeKey<AgentCredential> CREDENTIAL =
      AttributeKey.valueOf(AgentApi.class, "credential");
  private static final Pattern PATH =
      Pattern.compile("/agent/v1/routers/([^/]+)/(register|snapshot|changes|report)");

  /** The longest a request for changes waits. */
  public static final Duration MAX_WAIT = Duration.ofSeconds(30);

  /** How many subjects a page or a batch of changes holds when the agent does not say. */
  public static final int DEFAULT_LIMIT = 500;

  private static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(10);

  private final Network network;
  private final RouterChanges changes;
  private final Duration lease;
  private final Predicate<String> drivenByAgent;
  private final ChangeWaiters waiters = new ChangeWaiters();

  /**
   * @param changes wakes requests waiting for changes
   * @param lease how long a router stays an agent's without a report (the server's {@code
   *     network.agentSilence})
   * @param drivenByAgent whether a router is driven by a {@code junction agent} (driver {@code
   *     agent}); only those may be registered for, so that an agent and the server never fight over
   *     a router
   */
  public AgentApi(
      Network network, RouterChanges changes, Duration lease, Predicate<String> drivenByAgent) {
    this.network = requireNonNull(network, "network");
    this.changes = requireNonNull(changes, "changes");
    this.lease = requireNonNull(lease, "lease");
    this.drivenByAgent = requireNonNull(drivenByAgent, "drivenByAgent");
  }

  /** Adds the agent API to {@code sb}, behind agent credentials only. */
  public void configure(ServerBuilder sb) {
    HttpService service = this::serve;
    sb.service(
        Route.builder().pathPrefix("/agent/v1/").build(), service.decorate(authentication()));
  }

  private Function<? super HttpService, AuthService> authentication() {
    Authorizer<OAuth2Token> credentials =
        (ctx, token) ->
            CompletableFuture.supplyAsync(
                () ->
                    network
                        .agents()
                        .authenticate(token.accessToken())
                        .map(
                            credential -> {
                              ctx.setAttr(CREDENTIAL, credential);
                              return true;
                            })
                        .orElse(false),
                ctx.blockingTaskExecutor());
    return AuthService.builder()
        .addTokenAuthorizer(AuthTokenExtractors.oAuth2(), credentials)
        .onFailure(
            (delegate, ctx, req, cause) -> {
              if (cause != null) {
                // The store failed, not the credential: a bug or an outage, not a 401.
                return HttpResponse.ofFailure(cause);
              }
              String header = req.headers().get("authorization");
              String message =
                  header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                      ? "the request has no agent credential (Authorization: Bearer jra_...)"
                      : "the agent credential is not valid: unknown, revoked, or not an agent"
                          + " credential";
              return Authentication.afterBody(
                  req, () -> JsonError.of(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", message));
            })
        .newDecorator();
  }

  private HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    AgentCredential credential = requireNonNull(ctx.attr(CREDENTIAL), "credential");
    Matcher matcher = PATH.matcher(ctx.path());
    if (!matcher.matches()) {
      return Authentication.afterBody(
          req,
          () ->
              JsonError.of(
                  HttpStatus.NOT_FOUND,
                  "NOT_FOUND",
                  "no agent method " + req.method() + " " + ctx.path()));
    }
    String routerId = matcher.group(1);
    String call = matcher.group(2);
    if (!credential.routerId().equals(routerId)) {
      // Exactly what a router that does not exist gets: a credential opens one router only.
      return Authentication.afterBody(
          req, () -> JsonError.of(ProblemException.notFound("router", routerId).problem()));
    }
    HttpMethod expected =
        call.equals("register") || call.equals("report") ? HttpMethod.POST : HttpMethod.GET;
    if (req.method() != expected) {
      return Authentication.afterBody(
          req,
          () ->
              JsonError.of(
                  HttpStatus.METHOD_NOT_ALLOWED,
                  "METHOD_NOT_ALLOWED",
                  call + " takes " + expected + ", not " + req.method()));
    }
    if (call.equals("changes")) {
      // Raised before the body is read, so that a long wait is not cut by the default timeout.
      Optional<Duration> wait;
      try {
        wait = waitOf(ctx);
      } catch (AgentWire.Malformed e) {
        return Authentication.afterBody(req, () -> JsonError.invalid(e.getMessage()));
      }
      wait.ifPresent(w -> ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, w.plus(TIMEOUT_MARGIN)));
    }
    return HttpResponse.of(
        req.aggregate()
            .thenComposeAsync(
                request -> handle(ctx, credential, routerId, call, request),
                ctx.blockingTaskExecutor()));
  }

  private CompletionStage<HttpResponse> handle(
      ServiceRequestContext ctx,
      AgentCredential credential,
      String routerId,
      String call,
      AggregatedHttpRequest request) {
    try {
      return switch (call) {
        case "register" -> done(register(credential, routerId, request));
        case "snapshot" ->
            done(
                ok(
                    AgentWire.write(
                        network
                            .desired()
                            .snapshot(routerId, optionalParam(ctx, "after"), limit(ctx)))));
        case "changes" -> changes(ctx, routerId);
        default -> done(report(routerId, request));
      };
    } catch (ProblemException e) {
      return done(JsonError.of(e.problem()));
    } catch (AgentWire.Malformed e) {
      return done(JsonError.invalid(e.getMessage()));
    }
  }

  private HttpResponse register(
      AgentCredential credential, String routerId, AggregatedHttpRequest request) {
    AgentInfo info = AgentWire.readInfo(AgentWire.parse(request.contentUtf8()));
    if (!drivenByAgent.test(routerId)) {
      throw ProblemException.failedPrecondition(
          "router "
              + routerId
              + " is driven by the server itself, not by a junction agent; set its driver to"
              + " agent in network.routers of the server's configuration");
    }
    OptionalLong epoch =
        network.observed().claim(routerId, "agent:" + credential.id(), lease, true);
    if (epoch.isEmpty()) {
      return notOwner("router " + routerId + " is driven by another owner");
    }
    log.info(
        "Agent {} ({} {}, driver {}) registered for router {}: epoch {}",
        credential.id(),
        info.host(),
        info.version(),
        info.driver(),
        routerId,
        epoch.getAsLong());
    return ok(AgentWire.object().put("epoch", epoch.getAsLong()));
  }

  private HttpResponse report(String routerId, AggregatedHttpRequest request) {
    AgentReport report = AgentWire.readReport(AgentWire.parse(request.contentUtf8()));
    if (!report.routerId().equals(routerId)) {
      throw new AgentWire.Malformed("routerId: must be the router of the path, " + routerId);
    }
    try {
      network.observed().record(report, lease);
    } catch (LeaseLost lost) {
      return notOwner(lost.getMessage());
    }
    return ok(AgentWire.object());
  }

  /**
   * Answers what changed after {@code since}; with none yet, waits for the router's next change or
   * the wait's end without holding a thread, and reads again. The router's change future is taken
   * before the first read, so a change committed in between still wakes the request.
   */
  private CompletionStage<HttpResponse> changes(ServiceRequestContext ctx, String routerId) {
    long since = requiredNumber(ctx, "since");
    int limit = limit(ctx);
    Duration wait = waitOf(ctx).orElse(Duration.ZERO);
    DesiredState desired = network.desired();
    CompletableFuture<Void> next = changes.next(routerId);
    DesiredChanges found = desired.changes(routerId, since, limit);
    if (!found.isEmpty() || wait.isZero()) {
      return done(ok(AgentWire.write(found)));
    }
    return waiters
        .await(routerId, next, wait)
        .thenApplyAsync(
            woken -> answer(() -> ok(AgentWire.write(desired.changes(routerId, since, limit)))),
            ctx.blockingTaskExecutor());
  }

  private static HttpResponse answer(Supplier<HttpResponse> read) {
    try {
      return read.get();
    } catch (ProblemException e) {
      return JsonError.of(e.problem());
    }
  }

  /** Returns the {@code wait} of a request for changes, capped at {@link #MAX_WAIT}. */
  private static Optional<Duration> waitOf(ServiceRequestContext ctx) {
    Optional<String> text = optionalParam(ctx, "wait");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Duration wait;
    try {
      wait = DurationText.parse("wait", text.get());
    } catch (ConfigException e) {
      throw new AgentWire.Malformed(
          "wait: must be a duration such as 500ms or 20s (at most " + MAX_WAIT.toSeconds() + "s)");
    }
    return Optional.of(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
  }

  private static int limit(ServiceRequestContext ctx) {
    Optional<String> text = optionalParam(ctx, "limit");
    if (text.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    long limit = number("limit", text.get());
    if (limit < 1 || limit > DesiredState.MAX_PAGE) {
      throw new AgentWire.Malformed("limit: must be 1-" + DesiredState.MAX_PAGE);
    }
    return (int) limit;
  }

  private static long requiredNumber(ServiceRequestContext ctx, String name) {
    return number(
        name,
        optionalParam(ctx, name)
            .orElseThrow(() -> new AgentWire.Malformed(name + ": is required")));
  }

  private static long number(String name, String text) {
    if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new AgentWire.Malformed(name + ": must be a whole number, 0 or more");
    }
    return Long.parseLong(text);
  }

  private static Optional<String> optionalParam(ServiceRequestContext ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static HttpResponse notOwner(String message) {
    return JsonError.of(HttpStatus.CONFLICT, "NOT_OWNER", message);
  }

  private static HttpResponse ok(ObjectNode body) {
    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, body.toString());
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
