package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a full flow with secrets in it against the packaged server logging at DEBUG (libraries
 * included), then fails if any secret appears in the server's log output: API tokens, global keys,
 * the bootstrap credentials, the key that seals secrets at rest, and BGP MD5 keys, valid or not.
 * Then does the same with a router driven by {@code junction agent} (the packaged command, also at
 * DEBUG), whose feed carries MD5 keys, and searches both logs for the keys and the agent's
 * credential.
 */
class SecretsInLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String YANDEX_MD5 = "yandexMd5Secret-41f9";
  private static final String YANDEX_MD5_NEW = "yandexMd5Secret-second";
  private static final String YANDEX_MD5_BAD = "yandexMd5Secret-bad-" + "z".repeat(200);
  private static final String CF_MD5 = "cfMd5Secret9";
  private static final String CF_MD5_BAD = "cfMd5Secret?bad";
  private static final String SLOT = "ff466100-c991-4047-a31f-f0808ecc730c";
  private static final String AGENT_MD5 = "agentMd5Secret-0a7c";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private JunctionProcess server;

  private JsonNode call(int status, String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(status);
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  private String[] operator() {
    return new String[] {"Authorization", "Bearer " + server.token()};
  }

  private void awaitOperation(String id, String... auth) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!call(200, "GET", "/operations/" + id, null, auth).path("done").asBoolean()) {
      assertThat(Instant.now()).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void writesNoSecretToTheLog() throws Exception {
    String log = runFlowWithSecrets(List.of());
    assertThat(log).as("the server logged at DEBUG").contains("DEBUG");
  }

  /**
   * The same flow with {@code serve --log-format json}: every line the server logs is one JSON
   * object with the fixed fields, each request's line carries the request id, principal, tenant,
   * method, status and duration (a tenant's request its principal and tenant), and no secret is in
   * any of them, escaped or not.
   */
  @Test
  void writesJsonLinesWithTheRequestFieldsAndNoSecret() throws Exception {
    String log = runFlowWithSecrets(List.of("--log-format", "json"));
    List<JsonNode> lines = new ArrayList<>();
    for (String line : log.split("\n")) {
      // The JVM's own warnings (native access) go to stderr without logback.
      if (line.isBlank() || line.startsWith("WARNING: ")) {
        continue;
      }
      JsonNode parsed;
      try {
        parsed = JSON.readTree(line);
      } catch (IOException e) {
        throw new AssertionError("a log line is not JSON: " + line.length() + " characters", e);
      }
      assertThat(parsed.isObject()).isTrue();
      for (String field : List.of("time", "level", "logger", "thread", "message")) {
        assertThat(parsed.hasNonNull(field)).as("%s in %s", field, parsed.path("logger")).isTrue();
      }
      lines.add(parsed);
    }
    assertThat(lines).anyMatch(l -> l.path("level").asText().equals("DEBUG"));
    List<JsonNode> requests =
        lines.stream().filter(l -> l.path("logger").asText().equals("junction.requests")).toList();
    assertThat(requests).isNotEmpty();
    for (JsonNode request : requests) {
      for (String field :
          List.of("requestId", "principal", "tenant", "dialect", "method", "status", "result")) {
        assertThat(request.has(field)).as("%s in a request line", field).isTrue();
      }
      assertThat(request.path("durationMs").isNumber()).isTrue();
      assertThat(request.path("status").isInt()).isTrue();
    }
    assertThat(requests)
        .as("the tenant's create, with its principal and tenant")
        .anyMatch(
            r ->
                r.path("method")
                        .asText()
                        .equals("POST yandex.cloud.cic.v1.PrivateConnectionService/Create")
                    && r.path("status").asInt() == 200
                    && r.path("principal").asText().equals(principalId)
                    && r.path("tenant").asText().equals(tenantId)
                    && r.path("requestId").asText().matches("[0-9a-f]{16}"));
    assertThat(requests)
        .as("a refused token, anonymous")
        .anyMatch(
            r ->
                r.path("status").asInt() == 401
                    && r.path("principal").asText().equals("anonymous"));
  }

  private String principalId = "";
  private String tenantId = "";

  /**
   * Runs the flow with secrets against a server started with {@code options} at DEBUG, fails if any
   * secret is in its log, and returns the log.
   */
  private String runFlowWithSecrets(List<String> options) throws Exception {
    server =
        JunctionProcess.start(
            dir.resolve("data"),
            null,
            Map.of("JUNCTION_LOG_LEVEL", "DEBUG", "JUNCTION_LIBRARY_LOG_LEVEL", "DEBUG"),
            options);
    List<String> secrets = new ArrayList<>();
    try {
      String tenant =
          call(200, "POST", "/admin/v1/tenants", "{\"name\":\"acme\"}", operator())
              .path("id")
              .asText();
      tenantId = tenant;
      call(
          200,
          "POST",
          "/admin/v1/tenants/" + tenant + "/scopes",
          "{\"scope\":\"demo-folder\"}",
          operator());
      call(
          200,
          "POST",
          "/admin/v1/tenants/" + tenant + "/scopes",
          "{\"scope\":\"acct-s\"}",
          operator());
      String principal =
          call(
                  200,
                  "POST",
                  "/admin/v1/principals",
                  "{\"tenantId\":\"%s\",\"name\":\"ann\",\"email\":\"ann@acme.test\"}"
                      .formatted(tenant),
                  operator())
              .path("id")
              .asText();
      principalId = principal;
      call(
          200,
          "POST",
          "/admin/v1/principals/" + principal + "/grants",
          "{\"scope\":\"demo-folder\",\"role\":\"editor\"}",
          operator());
      call(
          200,
          "POST",
          "/admin/v1/principals/" + principal + "/grants",
          "{\"scope\":\"acct-s\",\"role\":\"Magic WAN Write\"}",
          operator());
      JsonNode issued =
          call(
              200,
              "POST",
              "/admin/v1/tokens",
              "{\"principalId\":\"%s\",\"name\":\"ci\",\"ttl\":\"1h\"}".formatted(principal),
              operator());
      String token = issued.path("secret").asText();
      String globalKey =
          call(200, "POST", "/admin/v1/principals/" + principal + "/globalKey", null, operator())
              .path("globalKey")
              .asText();
      secrets.addAll(List.of(token, globalKey, server.token()));
      secrets.add(Files.readString(server.dataDir().resolve("admin-global-key")).trim());
      secrets.add(
          Files.readString(server.dataDir().resolve("secret-keys")).trim().split("\\s+")[1]);
      secrets.addAll(List.of(YANDEX_MD5, YANDEX_MD5_NEW, YANDEX_MD5_BAD, CF_MD5, CF_MD5_BAD));
      String[] bearer = {"Authorization", "Bearer " + token};
      String[] globalKeyAuth = {"X-Auth-Email", "ann@acme.test", "X-Auth-Key", globalKey};

      // Yandex: a connection with an MD5 key, read back, changed, and a key that is too long.
      String connection =
          """
          {"folderId": "demo-folder", "name": "%s", "trunkConnectionId": "cftdemotrunk00000001",
           "vlanId": "%d", "ipv4Peering": {"peeringSubnet": "169.254.7.0/30", "peerIp": "169.254.7.1",
           "cloudIp": "169.254.7.2", "peerBgpAsn": "65001", "peerBgpMd5Key": "%s"}}
          """;
      JsonNode created =
          call(
              200,
              "POST",
              "/cic/v1/privateConnections",
              connection.formatted("pc-s", 700, YANDEX_MD5),
              bearer);
      String id = created.path("metadata").path("privateConnectionId").asText();
      awaitOperation(created.path("id").asText(), bearer);
      assertThat(call(200, "GET", "/cic/v1/privateConnections/" + id, null, bearer).toString())
          .contains(YANDEX_MD5);
      JsonNode updated =
          call(
              200,
              "PATCH",
              "/cic/v1/privateConnections/" + id,
              "{\"updateMask\":\"ipv4Peering.peerBgpMd5Key\",\"ipv4Peering\":{\"peerBgpMd5Key\":\"%s\"}}"
                  .formatted(YANDEX_MD5_NEW),
              bearer);
      awaitOperation(updated.path("id").asText(), bearer);
      JsonNode refused =
          call(
              400,
              "POST",
              "/cic/v1/privateConnections",
              connection.formatted("pc-bad", 701, YANDEX_MD5_BAD),
              bearer);
      assertThat(refused.toString()).contains("md5");

      // Cloudflare with the global key: an interconnect, a CNI with a key, and a bad key.
      String icon =
          call(
                  200,
                  "POST",
                  "/client/v4/accounts/acct-s/cni/interconnects",
                  "{\"account\":\"acct-s\",\"slot_id\":\"%s\",\"type\":\"direct\"}".formatted(SLOT),
                  globalKeyAuth)
              .path("name")
              .asText();
      String cni =
          """
          {"account": "acct-s", "interconnect": "%s",
           "magic": {"conduit_name": "c", "description": "d", "mtu": 1500},
           "bgp": {"customer_asn": 65000, "extra_prefixes": [], "md5_key": "%s"}}
          """;
      call(
          400,
          "POST",
          "/client/v4/accounts/acct-s/cni/cnis",
          cni.formatted(icon, CF_MD5_BAD),
          globalKeyAuth);
      call(
          200,
          "POST",
          "/client/v4/accounts/acct-s/cni/cnis",
          cni.formatted(icon, CF_MD5),
          globalKeyAuth);

      // Wrong and revoked credentials.
      call(401, "GET", "/cic/v1/pointOfPresences", null, "Authorization", "Bearer " + token + "x");
      call(
          401,
          "GET",
          "/client/v4/accounts/acct-s/cni/slots",
          null,
          "X-Auth-Email",
          "ann@acme.test",
          "X-Auth-Key",
          globalKey + "x");
      call(
          200,
          "POST",
          "/admin/v1/tokens/" + issued.path("token").path("id").asText() + ":revoke",
          null,
          operator());
      call(401, "GET", "/cic/v1/pointOfPresences", null, bearer);
      call(200, "GET", "/admin/v1/audit", null, operator());
      call(200, "POST", "/admin/v1/secrets:rewrap", null, operator());
    } finally {
      server.stop();
    }
    String log = Files.readString(server.dataDir().resolve("server.log"), StandardCharsets.UTF_8);
    for (String secret : secrets) {
      assertThat(secret).isNotBlank();
      if (log.contains(secret) || log.contains(JSON.writeValueAsString(secret))) {
        throw new AssertionError(
            "the server's log holds a secret of " + secret.length() + " characters");
      }
    }
    return log;
  }

  @Test
  void writesNoAgentSecretToTheLogs() throws Exception {
    String defaults = Files.readString(Path.of(System.getProperty("junction.default.config")));
    String agentDriven =
        defaults
            .replace("  routers: []", "  routers:\n    - {id: edge-mow01-a, driver: agent}")
            .replace("heartbeat: 5s ", "heartbeat: 1s ")
            .replace("agentSilence: 30s", "agentSilence: 3s");
    assertThat(agentDriven).contains("driver: agent", "heartbeat: 1s", "agentSilence: 3s");
    Path config = dir.resolve("agent-junction.yaml");
    Files.writeString(config, agentDriven);
    Map<String, String> debug =
        Map.of("JUNCTION_LOG_LEVEL", "DEBUG", "JUNCTION_LIBRARY_LOG_LEVEL", "DEBUG");
    server = JunctionProcess.start(dir.resolve("agent-data"), config, debug);
    Path agentLog = dir.resolve("agent.log");
    Process agent = null;
    String secret;
    try {
      secret =
          call(
                  200,
                  "POST",
                  "/admin/v1/routers/edge-mow01-a/credentials",
                  "{\"name\":\"secrets-test\"}",
                  operator())
              .path("secret")
              .asText();
      Path credential = dir.resolve("agent-credential");
      Files.writeString(credential, secret + "\n");
      ProcessBuilder command =
          new ProcessBuilder(
                  System.getProperty("junction.java", "java"),
                  "-jar",
                  System.getProperty("junction.server.jar"),
                  "agent",
                  "--server",
                  "http://127.0.0.1:" + server.httpPort(),
                  "--router",
                  "edge-mow01-a",
                  "--credential-file",
                  credential.toString(),
                  "--driver",
                  "simulated",
                  "--heartbeat",
                  "500ms")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(agentLog.toFile()));
      command.environment().putAll(debug);
      agent = command.start();

      String connection =
          """
          {"folderId": "demo-folder", "name": "%s", "trunkConnectionId": "cftdemotrunk00000001",
           "vlanId": "%d", "ipv4Peering": {"peeringSubnet": "169.254.9.0/30", "peerIp": "169.254.9.1",
           "cloudIp": "169.254.9.2", "peerBgpAsn": "65001", "peerBgpMd5Key": "%s"}}
          """;
      JsonNode created =
          call(
              200,
              "POST",
              "/cic/v1/privateConnections",
              connection.formatted("agent-s", 720, AGENT_MD5),
              operator());
      awaitOperation(created.path("id").asText(), operator());
      String router = "/agent/v1/routers/edge-mow01-a";
      assertThat(
              call(200, "GET", router + "/snapshot", null, "Authorization", "Bearer " + secret)
                  .toString())
          .contains(AGENT_MD5);
      call(401, "GET", router + "/snapshot", null, "Authorization", "Bearer " + secret + "x");
      call(
          400,
          "POST",
          router + "/report",
          "{\"epoch\": \"x\"}",
          "Authorization",
          "Bearer " + secret);
      JsonNode plan = call(200, "GET", "/admin/v1/routers/edge-mow01-a:plan", null, operator());
      assertThat(plan.toString()).doesNotContain(AGENT_MD5);
    } finally {
      if (agent != null) {
        agent.destroy();
        if (!agent.waitFor(30, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      }
      server.stop();
    }
    String serverLog =
        Files.readString(server.dataDir().resolve("server.log"), StandardCharsets.UTF_8);
    String agentText = Files.readString(agentLog, StandardCharsets.UTF_8);
    assertThat(serverLog).as("the server logged at DEBUG").contains("DEBUG");
    assertThat(agentText).as("the agent ran and logged").contains("Took router edge-mow01-a over");
    for (String leaked : List.of(secret, AGENT_MD5)) {
      assertThat(leaked).isNotBlank();
      if (serverLog.contains(leaked) || agentText.contains(leaked)) {
        throw new AssertionError("a log holds a secret of " + leaked.length() + " characters");
      }
    }
  }
}
