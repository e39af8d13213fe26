package dev.junction.server.agent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.AgentReport;
import dev.junction.core.network.DesiredChanges;
import dev.junction.core.network.DesiredSnapshot;
import dev.junction.network.agent.RouterFeed;
import dev.junction.server.network.AgentWire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed of a {@code junction agent}: the server's agent API over HTTP, with the agent's
 * credential as a bearer token. A 409 means another agent took the router over ({@link
 * RouterFeed.NotOwner}); a refused credential or an unknown router is a {@link Refused} with a
 * message saying what to do, logged once; an unreachable or failing server is an {@link
 * UncheckedIOException} or a {@link ServerFailure}. The agent backs off and tries again after any
 * of these but the first.
 *
 * <p>The credential is sent on every call and never written anywhere else, nor is any answer body
 * (snapshots carry MD5 keys).
 */
public final class HttpRouterFeed implements RouterFeed {
  private static final Logger log = LoggerFactory.getLogger(HttpRouterFeed.class);

  /** How long a call other than a wait for changes may take. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  /** How much longer than its wait a request for changes may take. */
  static final Duration WAIT_MARGIN = Duration.ofSeconds(15);

  private final URI server;
  private final String credential;
  private final HttpClient http;
  private volatile String lastRefusal = "";
  private volatile boolean replaced;

  /**
   * @param server the server's base URL, such as {@code https://junction.example:8080}
   * @param credential the agent credential's secret ({@code jra_...})
   */
  public HttpRouterFeed(URI server, String credential) {
    this.server = requireNonNull(server, "server");
    this.credential = requireNonNull(credential, "credential");
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** Reports that the server refused the agent: its credential, or the router it drives. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** Reports that the server failed a call (HTTP 5xx, or an answer this agent cannot read). */
  public static final class ServerFailure extends RuntimeException {
    public ServerFailure(String message) {
      super(message, null, false, false);
    }
  }

  /** Returns whether the server said that another agent has taken the router over. */
  public boolean replaced() {
    return replaced;
  }

  @Override
  public long register(String routerId, AgentInfo agent) {
    JsonNode answer =
        uninterrupted(
            () ->
                call(
                    "register",
                    routerId,
                    post(routerId, "register", AgentWire.write(agent).toString()),
                    CALL_TIMEOUT));
    JsonNode epoch = answer.path("epoch");
    if (!epoch.isIntegralNumber()) {
      throw new ServerFailure("the server's answer to register has no epoch");
    }
    return epoch.asLong();
  }

  @Override
  public DesiredSnapshot snapshot(String routerId, Optional<String> after, int limit) {
    String query =
        "?limit="
            + limit
            + after.map(a -> "&after=" + URLEncoder.encode(a, StandardCharsets.UTF_8)).orElse("");
    return read(
        "snapshot",
        uninterrupted(
            () -> call("snapshot", routerId, get(routerId, "snapshot" + query), CALL_TIMEOUT)),
        AgentWire::readSnapshot);
  }

  @Override
  public DesiredChanges changes(String routerId, long since, int limit, Duration maxWait)
      throws InterruptedException {
    String query = "?since=" + since + "&limit=" + limit + "&wait=" + maxWait.toMillis() + "ms";
    return read(
        "changes",
        call("changes", routerId, get(routerId, "changes" + query), maxWait.plus(WAIT_MARGIN)),
        AgentWire::readChanges);
  }

  @Override
  public void report(AgentReport report) {
    uninterrupted(
        () ->
            call(
                "report",
                report.routerId(),
                post(report.routerId(), "report", AgentWire.write(report).toString()),
                CALL_TIMEOUT));
  }

  private HttpRequest.Builder get(String routerId, String tail) {
    return request(routerId, tail).GET();
  }

  private HttpRequest.Builder post(String routerId, String tail, String body) {
    return request(routerId, tail)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder request(String routerId, String tail) {
    String base = server.toString().replaceAll("/+$", "");
    return HttpRequest.newBuilder(
            URI.create(
                base
                    + "/agent/v1/routers/"
                    + URLEncoder.encode(routerId, StandardCharsets.UTF_8)
                    + "/"
                    + tail))
        .header("Authorization", "Bearer " + credential);
  }

  /** Sends one call and returns its answer, or throws what its status means. */
  private JsonNode call(String name, String routerId, HttpRequest.Builder request, Duration timeout)
      throws InterruptedException {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request.timeout(timeout).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new UncheckedIOException(
          "the server at "
              + shown(server)
              + " did not answer "
              + name
              + " in "
              + timeout.toSeconds()
              + " s",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot reach the server at " + shown(server) + " (" + name + "): " + e, e);
    }
    int status = response.statusCode();
    if (status == 200) {
      accepted();
      try {
        return AgentWire.parse(response.body());
      } catch (AgentWire.Malformed e) {
        throw new ServerFailure("the server's answer to " + name + " is not JSON");
      }
    }
    String message = message(response);
    if (status == 409) {
      replaced = true;
      throw new NotOwner(message);
    }
    if (status == 401 || status == 403) {
      throw refused(
          "the server refused the agent credential of router "
              + routerId
              + " (HTTP "
              + status
              + ": "
              + message
              + "); it is missing, wrong or revoked: issue a new one with 'junction admin routers"
              + " credentials issue "
              + routerId
              + "'");
    }
    if (status == 404) {
      throw refused(
          "the server does not know router "
              + routerId
              + ", or the agent credential is another router's (HTTP 404: "
              + message
              + ")");
    }
    if (status / 100 == 4) {
      throw refused(
          "the server refused "
              + name
              + " for router "
              + routerId
              + " (HTTP "
              + status
              + "): "
              + message);
    }
    throw new ServerFailure("the server failed " + name + " (HTTP " + status + "): " + message);
  }

  private static <T> T read(String name, JsonNode answer, Function<JsonNode, T> reader) {
    try {
      return reader.apply(answer);
    } catch (AgentWire.Malformed e) {
      throw new ServerFailure(
          "the server's answer to " + name + " is malformed: " + e.getMessage());
    }
  }

  /** Returns the message of an error answer, without echoing anything else of the body. */
  private static String message(HttpResponse<String> response) {
    try {
      JsonNode body = AgentWire.parse(response.body());
      String code = body.path("code").asText("");
      String message = body.path("message").asText("");
      return code.isEmpty() ? message : code + ": " + message;
    } catch (AgentWire.Malformed e) {
      return "(no JSON error body)";
    }
  }

  /** Logs a refusal once, not on every retry, and returns it. */
  private Refused refused(String message) {
    if (!message.equals(lastRefusal)) {
      lastRefusal = message;
      log.error("{}; retrying with a backoff", message);
    }
    return new Refused(message);
  }

  private void accepted() {
    if (!lastRefusal.isEmpty()) {
      lastRefusal = "";
      log.info("The server at {} accepts the agent again", shown(server));
    }
  }

  /** Returns the server's URL as it may be logged: scheme, host and port, no user info or path. */
  static String shown(URI server) {
    return server.getScheme()
        + "://"
        + server.getHost()
        + (server.getPort() < 0 ? "" : ":" + server.getPort());
  }

  /** A call that may be interrupted. */
  @FunctionalInterface
  private interface Call {
    JsonNode run() throws InterruptedException;
  }

  /**
   * Runs a call on behalf of a feed method that cannot throw {@link InterruptedException}: an
   * interrupt means the agent is closing, so it is kept and the call fails.
   */
  private static JsonNode uninterrupted(Call call) {
    try {
      return call.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("the agent is stopping");
    }
  }
}
