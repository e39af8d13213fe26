package dev.junction.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.bench.scale.ScaleDataDir;
import dev.junction.bench.suite.Load.Answer;
import dev.junction.core.net.VlanId;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates of private connections through the Yandex REST API ({@code POST
 * /cic/v1/privateConnections}), each on the next free VLAN of the next empty trunk of a prepared
 * store in turn, with a peering of its own, so that no create is refused by a rule. A create counts
 * as a success when it is acknowledged with its operation (200): the server answers only once the
 * create is durable. The operations' ids are kept, to read their times once they are done.
 */
final class Creates {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clients clients;
  private final List<ScaleDataDir.EmptyTrunk> trunks;
  private final AtomicInteger next = new AtomicInteger();
  private final Queue<String> operations = new ConcurrentLinkedQueue<>();

  Creates(Clients clients, List<ScaleDataDir.EmptyTrunk> trunks) {
    this.clients = clients;
    this.trunks = List.copyOf(trunks);
  }

  /** Returns one create as a call of the load generator. */
  Load.Call call() {
    return () -> {
      String body = body(next.getAndIncrement());
      CompletableFuture<Answer> answer =
          clients
              .post("/cic/v1/privateConnections", body)
              .handle(
                  (response, failure) -> {
                    if (failure != null) {
                      return Answer.error(failure.toString());
                    }
                    if (response.status().code() != 200) {
                      return Answer.refused("HTTP " + response.status().code());
                    }
                    try {
                      operations.add(JSON.readTree(response.contentUtf8()).path("id").asText());
                    } catch (IOException e) {
                      return Answer.error("the answer is not JSON: " + e.getMessage());
                    }
                    return Answer.ok();
                  });
      return answer;
    };
  }

  /**
   * Returns whether at least half of the free VLANs of the empty trunks are still untaken: a
   * warm-up stops before it would leave a measured run too few.
   */
  boolean halfLeft() {
    return next.get() < trunks.size() * (VlanId.MAX - VlanId.MIN + 1) / 2;
  }

  /** Returns the operations of the creates acknowledged so far, and forgets them. */
  List<String> takeOperations() {
    List<String> taken = new ArrayList<>();
    for (String id; (id = operations.poll()) != null; ) {
      taken.add(id);
    }
    return taken;
  }

  private String body(int slot) {
    int perTrunk = VlanId.MAX - VlanId.MIN + 1;
    if (slot >= trunks.size() * perTrunk) {
      throw new IllegalStateException(
          "every VLAN of the " + trunks.size() + " empty trunks is taken; run fewer creates");
    }
    ScaleDataDir.EmptyTrunk trunk = trunks.get(slot % trunks.size());
    long base = (172L << 24 | 16L << 16) + 4L * slot;
    ObjectNode body =
        JSON.createObjectNode()
            .put("folderId", trunk.folder())
            .put("name", String.format(Locale.ROOT, "bench-%06d", slot))
            .put("trunkConnectionId", trunk.id())
            .put("vlanId", Integer.toString(VlanId.MIN + slot / trunks.size()));
    body.putObject("ipv4Peering")
        .put("peeringSubnet", address(base) + "/30")
        .put("peerIp", address(base + 1))
        .put("cloudIp", address(base + 2))
        .put("peerBgpAsn", Long.toString(4_210_000_000L + slot));
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

  /**
   * How the operations of a set of creates ended: for each successful one, when it was created and
   * its time to done ({@code created} and {@code millis} in the same order).
   */
  record Done(
      List<Instant> created,
      List<Double> millis,
      int failed,
      int unfinished,
      String firstFailure) {}

  /**
   * Reads {@code ids} until each is done (a sweep over those not yet done every 100 ms, at most
   * {@code timeout}), and returns for each successful one the time from its {@code createdAt} to
   * its {@code modifiedAt} (done), by the server's clock.
   */
  Done awaitDone(List<String> ids, Duration timeout) throws InterruptedException {
    List<String> pending = new ArrayList<>(ids);
    List<Double> millis = new ArrayList<>();
    List<Instant> createdAt = new ArrayList<>();
    int failed = 0;
    String firstFailure = "";
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      List<String> still = new ArrayList<>();
      for (int from = 0; from < pending.size(); from += 100) {
        List<String> batch = pending.subList(from, Math.min(pending.size(), from + 100));
        List<CompletableFuture<JsonNode>> reads = new ArrayList<>();
        for (String id : batch) {
          reads.add(clients.jsonAsync("/operations/" + id));
        }
        for (int i = 0; i < batch.size(); i++) {
          JsonNode operation = reads.get(i).join();
          if (operation == null || !operation.path("done").asBoolean(false)) {
            still.add(batch.get(i));
          } else if (operation.has("error")) {
            failed++;
            if (firstFailure.isEmpty()) {
              firstFailure = operation.path("error").path("message").asText();
            }
          } else {
            Instant created = Instant.parse(operation.path("createdAt").asText());
            Instant done = Instant.parse(operation.path("modifiedAt").asText());
            createdAt.add(created);
            millis.add(Duration.between(created, done).toNanos() / 1e6);
          }
        }
      }
      pending = still;
      if (!pending.isEmpty()) {
        Thread.sleep(100);
      }
    }
    return new Done(createdAt, millis, failed, pending.size(), firstFailure);
  }

  /** Returns the {@code q}-th quantile (0-1) of {@code values}, or NaN if there are none. */
  static double quantile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
