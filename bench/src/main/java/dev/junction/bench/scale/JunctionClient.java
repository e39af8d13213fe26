package dev.junction.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The calls the benchmark makes on the server, over REST with the operator's token: the routers'
 * network status, creating a private connection, and reading an operation until it is done.
 */
final class JunctionClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http;
  private final String base;
  private final String authorization;

  JunctionClient(int port, String token) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.base = "http://127.0.0.1:" + port;
    this.authorization = "Bearer " + token;
  }

  /** A private connection to create: where, on which VLAN, with which peering. */
  record Connection(String folder, String name, String trunkId, int vlan, int index) {
    /** Returns the create's REST body; the peering is the {@code index}-th /30 of 172.16/12. */
    String body() {
      long base = (172L << 24 | 16L << 16) + 4L * index;
      ObjectNode body =
          JSON.createObjectNode()
              .put("folderId", folder)
              .put("name", name)
              .put("trunkConnectionId", trunkId)
              .put("vlanId", Integer.toString(vlan));
      body.putObject("ipv4Peering")
          .put("peeringSubnet", address(base) + "/30")
          .put("peerIp", address(base + 1))
          .put("cloudIp", address(base + 2))
          .put("peerBgpAsn", Long.toString(4_210_000_000L + index))
          .put("peerBgpMd5Key", "created-key-" + index);
      return body.toString();
    }

    private static String address(long value) {
      return String.format(
          Locale.ROOT,
          "%d.%d.%d.%d",
          value >> 24 & 255,
          value >> 16 & 255,
          value >> 8 & 255,
          value & 255);
    }
  }

  /**
   * How one create ended: its time from the request to the operation answered (accepted) and to the
   * operation read done, and any error.
   */
  record Outcome(long acceptedNanos, long nanos, JsonNode operation, Optional<String> error) {}

  /**
   * Where a create's time went, by the server's clock, from the operation's {@code createdAt}: to
   * the router's report that it applied the connection (the {@code CONFIG_APPLIED} condition's
   * transition) and to the operation done ({@code modifiedAt}).
   */
  record Breakdown(double appliedMillis, double doneMillis) {}

  /**
   * Creates {@code connection} and reads its operation every {@code poll} until it is done; returns
   * the time from sending the create to reading the operation done.
   */
  Outcome create(Connection connection, Duration poll) throws IOException, InterruptedException {
    long started = System.nanoTime();
    HttpResponse<String> created =
        http.send(
            request("/cic/v1/privateConnections")
                .POST(HttpRequest.BodyPublishers.ofString(connection.body()))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long accepted = System.nanoTime() - started;
    if (created.statusCode() != 200) {
      return new Outcome(
          accepted,
          accepted,
          NullNode.getInstance(),
          Optional.of("create answered " + created.statusCode() + ": " + created.body()));
    }
    JsonNode operation = JSON.readTree(created.body());
    String id = operation.path("id").asText();
    while (!operation.path("done").asBoolean(false)) {
      Thread.sleep(poll);
      HttpResponse<String> read =
          http.send(
              request("/operations/" + id).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (read.statusCode() != 200) {
        return new Outcome(
            accepted,
            System.nanoTime() - started,
            operation,
            Optional.of("operation " + id + " answered " + read.statusCode() + ": " + read.body()));
      }
      operation = JSON.readTree(read.body());
    }
    long nanos = System.nanoTime() - started;
    if (operation.has("error")) {
      return new Outcome(
          accepted,
          nanos,
          operation,
          Optional.of("operation " + id + ": " + operation.get("error")));
    }
    return new Outcome(accepted, nanos, operation, Optional.empty());
  }

  /**
   * Returns where the time of the create whose done operation is {@code operation} went, from the
   * operation and the connection's network state ({@code /junction/v1/network/{id}}).
   */
  Optional<Breakdown> breakdown(JsonNode operation) throws IOException, InterruptedException {
    String connection = operation.path("metadata").path("privateConnectionId").asText("");
    if (connection.isEmpty()) {
      return Optional.empty();
    }
    HttpResponse<String> read =
        http.send(
            request("/junction/v1/network/" + connection).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (read.statusCode() != 200) {
      return Optional.empty();
    }
    Instant created = Instant.parse(operation.path("createdAt").asText());
    Instant done = Instant.parse(operation.path("modifiedAt").asText());
    for (JsonNode condition : JSON.readTree(read.body()).path("conditions")) {
      if (condition.path("type").asText().equals("CONFIG_APPLIED")
          && condition.path("status").asText().equals("TRUE")) {
        Instant applied = Instant.parse(condition.path("lastTransitionTime").asText());
        return Optional.of(
            new Breakdown(
                Duration.between(created, applied).toNanos() / 1e6,
                Duration.between(created, done).toNanos() / 1e6));
      }
    }
    return Optional.empty();
  }

  /** Returns {@code GET /admin/v1/routers}: every router's network status. */
  JsonNode routers() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request("/admin/v1/routers").GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("/admin/v1/routers answered " + response.statusCode());
    }
    return JSON.readTree(response.body()).path("routers");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(TIMEOUT)
        .header("Authorization", authorization);
  }
}
