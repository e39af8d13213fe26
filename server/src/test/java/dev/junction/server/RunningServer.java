package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.config.Quotas;
import dev.junction.server.auth.AdminToken;
import dev.junction.server.config.JunctionConfig;
import dev.junction.server.config.LimitsSettings;
import dev.junction.server.config.NetworkSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A server started in this JVM on ports the system chose, with the default configuration (but room
 * for many connections on the demo trunk) and its own data directory, and a small REST client for
 * it.
 */
public final class RunningServer implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  final JunctionServer server;
  final String token;
  private final HttpClient http = HttpClient.newHttpClient();

  public RunningServer(Path dataDir) throws IOException {
    this(dataDir, new LimitsSettings(10_000, 100_000, 1024 * 1024, 1000));
  }

  RunningServer(Path dataDir, LimitsSettings limits) throws IOException {
    this(dataDir, limits, UnaryOperator.identity());
  }

  /** Starts a server whose configuration is the test default changed by {@code adjust}. */
  public RunningServer(Path dataDir, UnaryOperator<JunctionConfig> adjust) throws IOException {
    this(dataDir, new LimitsSettings(10_000, 100_000, 1024 * 1024, 1000), adjust);
  }

  private RunningServer(Path dataDir, LimitsSettings limits, UnaryOperator<JunctionConfig> adjust)
      throws IOException {
    JunctionConfig defaults = JunctionConfig.defaults();
    JunctionConfig config =
        defaults
            .withPorts(0, 0)
            .withCore(
                new CoreConfig(
                    new Quotas(2, 100, 5, 100),
                    defaults.core().cloudAsn(),
                    defaults.core().operationTimeout(),
                    defaults.core().networkPollInterval(),
                    defaults.core().ticketTtl(),
                    defaults.core().autoApproveTickets(),
                    defaults.core().p2pPool(),
                    defaults.core().agentSilence()))
            .withLimits(limits);
    JunctionConfig adjusted = adjust.apply(config);
    server = JunctionServer.start(adjusted, dataDir);
    String tokenFile = adjusted.server().adminTokenFile();
    token =
        AdminToken.read(
                tokenFile.isEmpty() ? dataDir.resolve(AdminToken.FILE_NAME) : Path.of(tokenFile))
            .orElseThrow();
  }

  /**
   * Returns a change of the configuration that makes router {@code routerId} driven by a {@code
   * junction agent}, and shows what an agent reported as unknown after {@code silence}.
   */
  public static UnaryOperator<JunctionConfig> agentDriven(String routerId, Duration silence) {
    return config -> {
      NetworkSettings network = config.network();
      Map<String, NetworkSettings.RouterDriverSettings> routers = new HashMap<>(network.routers());
      routers.put(
          routerId, new NetworkSettings.RouterDriverSettings("agent", network.defaults().bird()));
      CoreConfig core = config.core();
      return config
          .withNetwork(
              new NetworkSettings(
                  network.defaults(),
                  network.simulated(),
                  routers,
                  network.agent(),
                  network.ownerLease(),
                  silence))
          .withCore(
              new CoreConfig(
                  core.quotas(),
                  core.cloudAsn(),
                  core.operationTimeout(),
                  core.networkPollInterval(),
                  core.ticketTtl(),
                  core.autoApproveTickets(),
                  core.p2pPool(),
                  silence));
    };
  }

  /** Returns the server's base URL. */
  public String base() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  /** A REST answer: the status, the body as JSON (or text), and the headers. */
  public record Answer(int status, JsonNode json, String text, HttpResponse<String> raw) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse("");
    }
  }

  /** Calls the server, as the operator unless {@code headers} carry an Authorization. */
  public Answer call(String method, String path, String body, String... headers) {
    return send(method, path, body, true, headers);
  }

  /** Calls the server without the operator's token: with {@code headers} only. */
  public Answer anonymous(String method, String path, String body, String... headers) {
    return send(method, path, body, false, headers);
  }

  private Answer send(
      String method, String path, String body, boolean operator, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
    boolean authorization = false;
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
      authorization |= headers[i].equalsIgnoreCase("authorization");
    }
    if (!authorization && operator) {
      request.header("Authorization", "Bearer " + token);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = JSON.readTree(response.body());
      } catch (IOException notJson) {
        json = JSON.nullNode();
      }
      return new Answer(response.statusCode(), json, response.body(), response);
    } catch (IOException e) {
      throw new AssertionError("request failed: " + method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Answer get(String path) {
    return call("GET", path, null);
  }

  public Answer post(String path, String body) {
    return call("POST", path, body);
  }

  /** Calls as the holder of bearer {@code secret}. */
  public Answer as(String secret, String method, String path, String body) {
    return call(method, path, body, "Authorization", "Bearer " + secret);
  }

  /** Creates something through the operator API and returns its answer, which must be 200. */
  public JsonNode admin(String path, String body) {
    Answer answer = post(path, body);
    assertThat(answer.status()).as(path + ": " + answer.text()).isEqualTo(200);
    return answer.json();
  }

  /** Makes a tenant owning {@code scopes} and returns its id. */
  public String tenant(String name, String... scopes) {
    String id = admin("/admin/v1/tenants", "{\"name\":\"" + name + "\"}").path("id").asText();
    for (String scope : scopes) {
      admin("/admin/v1/tenants/" + id + "/scopes", "{\"scope\":\"" + scope + "\"}");
    }
    return id;
  }

  /** Makes a principal of {@code tenant} with {@code grants} (scope, role, scope, role...). */
  public String principal(String tenant, String name, String email, String... grants) {
    String id =
        admin(
                "/admin/v1/principals",
                "{\"tenantId\":\"%s\",\"name\":\"%s\",\"email\":\"%s\"}"
                    .formatted(tenant, name, email))
            .path("id")
            .asText();
    for (int i = 0; i + 1 < grants.length; i += 2) {
      admin(
          "/admin/v1/principals/" + id + "/grants",
          "{\"scope\":\"%s\",\"role\":\"%s\"}".formatted(grants[i], grants[i + 1]));
    }
    return id;
  }

  /** Makes a token for {@code principal} and returns its secret. */
  public String tokenFor(String principal) {
    return admin(
            "/admin/v1/tokens", "{\"principalId\":\"%s\",\"name\":\"test\"}".formatted(principal))
        .path("secret")
        .asText();
  }

  /** Polls {@code GET /operations/{id}} until done, and returns the operation. */
  public JsonNode awaitOperation(String id) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      Answer answer = get("/operations/" + id);
      assertThat(answer.status()).isEqualTo(200);
      if (answer.json().path("done").asBoolean()) {
        return answer.json();
      }
      assertThat(Instant.now()).as("operation %s finishes", id).isBefore(deadline);
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Returns the operator's token. */
  public String operatorToken() {
    return token;
  }

  /** Returns the port the server serves REST on. */
  public int httpPort() {
    return server.httpPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
