package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps 16 clients creating private connections for a minute through the packaged server and its
 * simulated network, then checks that every create the server acknowledged became ACTIVE: a steady
 * stream of changes must converge, not starve behind the next change. A create refused by admission
 * (429) is sent again after its Retry-After; any other answer but 200 fails the test.
 */
class SteadyCreatesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STREAM = Duration.ofSeconds(60);
  private static final int CLIENTS = 16;
  private static final String FOLDER = "steady-folder";
  private static final List<String> TRUNKS =
      List.of(
          "cftsteadytrunk000001",
          "cftsteadytrunk000002",
          "cftsteadytrunk000003",
          "cftsteadytrunk000004");
  private static final List<String> PORTS =
      List.of(
          "10c84e76-3ff1-457c-a4d2-afa47485ca2a",
          "e51b30a9-4cfb-4c47-a3b4-d517213a9ef5",
          "e14d6389-461f-4d75-9dba-3cd37dee2366",
          "ff466100-c991-4047-a31f-f0808ecc730c");

  @TempDir Path dataDir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger admissionRefusals = new AtomicInteger();

  @Test
  void everyCreateAcknowledgedDuringAMinuteOfSteadyCreatingBecomesActive() throws Exception {
    try (JunctionProcess server = JunctionProcess.start(dataDir, config())) {
      Map<String, String> acknowledged = new ConcurrentHashMap<>();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      long until = System.nanoTime() + STREAM.toNanos();
      List<Future<Integer>> refused = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        refused.add(clients.submit(() -> createUntil(server, client, until, acknowledged)));
      }
      int answeredOtherwise = 0;
      for (Future<Integer> f : refused) {
        answeredOtherwise += f.get();
      }
      clients.shutdown();
      assertThat(answeredOtherwise).as("creates not answered 200").isZero();
      assertThat(acknowledged).as("creates acknowledged in a minute").hasSizeGreaterThan(500);
      System.out.printf(
          "%d creates acknowledged in %s by %d clients, %d answers 429 waited out%n",
          acknowledged.size(), STREAM, CLIENTS, admissionRefusals.get());

      Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
      List<String> pending = new ArrayList<>(acknowledged.keySet());
      List<String> failed = new ArrayList<>();
      while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
        List<String> still = new ArrayList<>();
        for (String operation : pending) {
          JsonNode answer = get(server, "/operations/" + operation);
          if (!answer.path("done").asBoolean()) {
            still.add(operation);
          } else if (answer.has("error")) {
            failed.add(operation + ": " + answer.path("error"));
          } else {
            assertThat(answer.path("response").path("status").asText())
                .as("connection of %s", operation)
                .isEqualTo("ACTIVE");
          }
        }
        pending = still;
      }
      assertThat(failed).as("acknowledged creates that failed").isEmpty();
      assertThat(pending).as("acknowledged creates not done after 3 minutes").isEmpty();
      for (String connection : List.copyOf(acknowledged.values()).subList(0, 50)) {
        assertThat(get(server, "/cic/v1/privateConnections/" + connection).path("status").asText())
            .isEqualTo("ACTIVE");
      }
    }
  }

  /** Creates connections until {@code until}; returns how many were not answered 200. */
  private int createUntil(
      JunctionProcess server, int client, long until, Map<String, String> acknowledged)
      throws IOException, InterruptedException {
    String trunk = TRUNKS.get(client % TRUNKS.size());
    int slot = client / TRUNKS.size();
    int otherwise = 0;
    for (int n = 0; n < 990 && System.nanoTime() < until; n++) {
      int vlan = 2 + slot * 990 + n;
      int subnet = client * 1000 + n;
      String body =
          JSON.createObjectNode()
              .put("folderId", FOLDER)
              .put("name", "steady-" + client + "-" + n)
              .put("trunkConnectionId", trunk)
              .put("vlanId", String.valueOf(vlan))
              .set(
                  "ipv4Peering",
                  JSON.createObjectNode()
                      .put(
                          "peeringSubnet",
                          "10." + (subnet >> 8) % 256 + "." + subnet % 256 + ".0/31")
                      .put("peerIp", "10." + (subnet >> 8) % 256 + "." + subnet % 256 + ".0")
                      .put("cloudIp", "10." + (subnet >> 8) % 256 + "." + subnet % 256 + ".1")
                      .put("peerBgpAsn", String.valueOf(65_000 + client)))
              .toString();
      HttpResponse<String> answer = create(server, body);
      // Past what the network can carry out before its deadlines, admission answers 429 with
      // Retry-After (docs/operations.md); a client waits that long and sends the same create again,
      // as the SDKs do.
      while (answer.statusCode() == 429 && System.nanoTime() < until) {
        String retryAfter = answer.headers().firstValue("retry-after").orElse(null);
        assertThat(retryAfter).as("Retry-After of a 429: %s", answer.body()).isNotNull();
        admissionRefusals.incrementAndGet();
        Thread.sleep(Duration.ofSeconds(Long.parseLong(retryAfter)));
        answer = create(server, body);
      }
      if (answer.statusCode() == 429) {
        break;
      }
      if (answer.statusCode() != 200) {
        otherwise++;
        continue;
      }
      JsonNode operation = JSON.readTree(answer.body());
      acknowledged.put(
          operation.path("id").asText(),
          operation.path("metadata").path("privateConnectionId").asText());
    }
    return otherwise;
  }

  private HttpResponse<String> create(JunctionProcess server, String body)
      throws IOException, InterruptedException {
    return http.send(
        request(server, "/cic/v1/privateConnections")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(JunctionProcess server, String path)
      throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(request(server, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as("GET %s: %s", path, answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private static HttpRequest.Builder request(JunctionProcess server, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + server.token())
        .header("Content-Type", "application/json");
  }

  /** Returns the default configuration with four trunks for the test and room on each. */
  private Path config() throws IOException {
    String defaults = Files.readString(Path.of(System.getProperty("junction.default.config")));
    StringBuilder trunks = new StringBuilder();
    for (int i = 0; i < TRUNKS.size(); i++) {
      trunks
          .append("  - id: ")
          .append(TRUNKS.get(i))
          .append("\n    folderId: ")
          .append(FOLDER)
          .append("\n    ports: [")
          .append(PORTS.get(i))
          .append("]\n");
    }
    String config =
        defaults.replace("privateConnectionsPerTrunk: 5", "privateConnectionsPerTrunk: 4000")
            + trunks;
    assertThat(config).contains("privateConnectionsPerTrunk: 4000").endsWith(trunks.toString());
    assertThat(defaults.stripTrailing()).contains("demoTrunks:");
    Path file = dataDir.resolveSibling(dataDir.getFileName() + "-steady.yaml");
    Files.writeString(file, config);
    return file;
  }
}
