package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.junction.api.yandex.cic.v1.ListPointOfPresencesRequest;
import dev.junction.api.yandex.cic.v1.PointOfPresenceServiceGrpc;
import dev.junction.server.RunningServer.Answer;
import dev.junction.server.config.ObservabilitySettings;
import dev.junction.server.metrics.Scrape;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes {@code /metrics} of the packaged server before and after real traffic (a tenant's private
 * connection through Yandex REST, a gRPC call, a Cloudflare list, a path that does not exist) and
 * checks that the series moved: the request counter of each dialect and method, the completion of
 * the operation, the simulated router's session by state, its agent's passes and applies, the
 * store's commits and pools, the JVM. No label holds a tenant's string, a path or a secret.
 */
class MetricsEndpointTest {
  private static final String TRUNK = "cftdemotrunk00000001";
  private static final String FOLDER = "demo-folder";
  private static final String TENANT_NAME = "Metrics Tenant Quokka";
  private static final String CONNECTION_NAME = "metrics-pc-wombat";
  private static final String MD5 = "metricsMd5Secret-5d1e";
  private static final String ROUTER = "edge-mow01-a";
  private static final String CREATE = "POST yandex.cloud.cic.v1.PrivateConnectionService/Create";

  @TempDir Path dataDir;

  private static Scrape scrape(RunningServer server) {
    Answer answer = server.anonymous("GET", "/metrics", null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.header("content-type")).startsWith("text/plain; version=0.0.4");
    return Scrape.of(answer.text());
  }

  @Test
  void seriesMoveWithRealTrafficAndCarryNoTenantStringOrSecret() throws Exception {
    try (RunningServer server = new RunningServer(dataDir)) {
      String tenant = server.tenant(TENANT_NAME, FOLDER);
      String principal = server.principal(tenant, "mia", "mia@metrics.test", FOLDER, "editor");
      String token = server.tokenFor(principal);
      Scrape before = scrape(server);
      double creates =
          before.valueOrZero(
              "junction_requests_seconds_count",
              "dialect",
              "yandex-rest",
              "method",
              CREATE,
              "result",
              "2xx");
      double applies = applies(before);

      Answer created =
          server.as(
              token,
              "POST",
              "/cic/v1/privateConnections",
              """
              {"folderId": "%s", "name": "%s", "trunkConnectionId": "%s", "vlanId": "610",
               "ipv4Peering": {"peeringSubnet": "169.254.61.0/30", "peerIp": "169.254.61.1",
                               "cloudIp": "169.254.61.2", "peerBgpAsn": "65001",
                               "peerBgpMd5Key": "%s"}}
              """
                  .formatted(FOLDER, CONNECTION_NAME, TRUNK, MD5));
      assertThat(created.status()).as(created.text()).isEqualTo(200);
      server.awaitOperation(created.json().path("id").asText());
      var pointsOfPresence =
          GrpcClients.builder("http://127.0.0.1:" + server.server.grpcPort())
              .addHeader("authorization", "Bearer " + server.operatorToken())
              .build(PointOfPresenceServiceGrpc.PointOfPresenceServiceBlockingStub.class);
      assertThat(pointsOfPresence.list(ListPointOfPresencesRequest.getDefaultInstance()))
          .isNotNull();
      assertThat(server.get("/client/v4/accounts/" + FOLDER + "/cni/interconnects").status())
          .isEqualTo(200);
      assertThat(server.get("/no/such/" + FOLDER).status()).isEqualTo(404);

      Scrape after = awaitEstablished(server);
      assertThat(
              after.valueOrZero(
                  "junction_requests_seconds_count",
                  "dialect",
                  "yandex-rest",
                  "method",
                  CREATE,
                  "result",
                  "2xx"))
          .as("the create counted under its dialect and RPC")
          .isEqualTo(creates + 1);
      assertThat(
              after.value(
                  "junction_requests_seconds_bucket",
                  "dialect",
                  "yandex-rest",
                  "method",
                  CREATE,
                  "result",
                  "2xx",
                  "le",
                  "+Inf"))
          .as("a latency histogram")
          .hasValue(creates + 1);
      assertThat(
              after.valueOrZero(
                  "junction_requests_seconds_count",
                  "dialect",
                  "yandex-grpc",
                  "method",
                  "yandex.cloud.cic.v1.PointOfPresenceService/List",
                  "result",
                  "OK"))
          .isEqualTo(1);
      assertThat(
              after.valueOrZero(
                  "junction_requests_seconds_count",
                  "dialect",
                  "cloudflare",
                  "method",
                  "GET /client/v4/accounts/{account_id}/cni/interconnects",
                  "result",
                  "2xx"))
          .isEqualTo(1);
      assertThat(
              after.valueOrZero(
                  "junction_requests_seconds_count", "dialect", "other", "result", "4xx"))
          .as("the unknown path, under the catch-all route")
          .isGreaterThanOrEqualTo(1);
      assertThat(
              after.valueOrZero(
                  "junction_operations_completion_seconds_count",
                  "type",
                  "private_connection",
                  "verb",
                  "create",
                  "outcome",
                  "succeeded"))
          .isEqualTo(1);
      assertThat(after.value("junction_operations_pending")).isPresent();
      assertThat(after.value("junction_operations_oldest_pending_age_seconds")).isPresent();
      assertThat(after.valueOrZero("junction_network_reconcile_passes_total", "router", ROUTER))
          .isPositive();
      assertThat(applies(after))
          .as("the connection was applied to its router")
          .isGreaterThan(applies);
      assertThat(after.value("junction_network_agent_silence_seconds", "router", ROUTER))
          .isPresent();
      assertThat(after.valueOrZero("junction_store_commit_seconds_count")).isPositive();
      assertThat(after.valueOrZero("junction_store_batch_size_count")).isPositive();
      assertThat(after.valueOrZero("junction_store_pool_connections_max", "pool", "writes"))
          .isPositive();
      assertThat(after.value("junction_store_up")).hasValue(1);
      for (String jvm :
          List.of(
              "jvm_memory_used_bytes",
              "jvm_threads_live_threads",
              "jvm_classes_loaded_classes",
              "process_uptime_seconds",
              "system_cpu_count")) {
        assertThat(after.has(jvm)).as(jvm).isTrue();
      }

      for (String secret :
          List.of(
              token, server.operatorToken(), MD5, FOLDER, TENANT_NAME, CONNECTION_NAME, tenant)) {
        if (after.text().contains(secret)) {
          throw new AssertionError(
              "the scrape holds a tenant's string or a secret: " + secret.length() + " characters");
        }
      }
    }
  }

  @Test
  void metricsMayBeKeptForTheOperator() throws Exception {
    try (RunningServer server =
        new RunningServer(
            dataDir,
            config ->
                config.withObservability(
                    new ObservabilitySettings("text", "operator", Duration.ofSeconds(60))))) {
      String tenant = server.tenant("Metrics Tenant Two", "metrics-folder-two");
      String token =
          server.tokenFor(
              server.principal(tenant, "ned", "ned@metrics.test", "metrics-folder-two", "viewer"));
      assertThat(server.anonymous("GET", "/metrics", null).status()).isEqualTo(401);
      Answer tenantAnswer = server.as(token, "GET", "/metrics", null);
      assertThat(tenantAnswer.status()).isEqualTo(403);
      assertThat(tenantAnswer.text()).contains("operator's token");
      Answer operator = server.get("/metrics");
      assertThat(operator.status()).isEqualTo(200);
      assertThat(Scrape.of(operator.text()).has("junction_requests_seconds_count")).isTrue();
    }
  }

  /** Returns every change handed to the router so far, whatever it answered. */
  private static double applies(Scrape scrape) {
    return scrape.samples().stream()
        .filter(s -> s.name().equals("junction_network_apply_seconds_count"))
        .filter(s -> ROUTER.equals(s.labels().get("router")))
        .mapToDouble(Scrape.Sample::value)
        .sum();
  }

  /** Scrapes until the router reports the new session Established, and returns that scrape. */
  private static Scrape awaitEstablished(RunningServer server) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      Scrape scrape = scrape(server);
      if (scrape.valueOrZero("junction_network_sessions", "router", ROUTER, "state", "Established")
          >= 1) {
        return scrape;
      }
      assertThat(Instant.now())
          .as("the session shows Established on %s", ROUTER)
          .isBefore(deadline);
      Thread.sleep(100);
    }
  }
}
