package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.Bursts.Reply;
import dev.junction.server.RunningServer.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of concurrent creates in either dialect: each is answered in its dialect's form, success
 * or 429 with Retry-After, never a 5xx; every accepted one ends done without an error (none fails
 * its deadline); a refused one changed nothing; and another client's read is answered meanwhile.
 */
class BurstAdmissionTest {
  private static final int BURST = 300;
  private static final String TRUNK = "cftdemotrunk00000001";
  private static final String FOLDER = "demo-folder";

  @TempDir Path dataDir;

  private static String cni(String account) {
    return "/client/v4/accounts/" + account + "/cni";
  }

  /** Returns a Yandex private connection on the demo trunk, the {@code i}th of a burst. */
  private static String connection(int i) {
    return """
        {"folderId": "%s", "name": "burst-%d", "trunkConnectionId": "%s", "vlanId": "%d",
         "ipv4Peering": {"peeringSubnet": "169.254.%d.%d/30", "peerIp": "169.254.%d.%d",
                         "cloudIp": "169.254.%d.%d", "peerBgpAsn": "65001"}}
        """
        .formatted(
            FOLDER,
            i,
            TRUNK,
            100 + i,
            i / 64,
            (i % 64) * 4,
            i / 64,
            (i % 64) * 4 + 1,
            i / 64,
            (i % 64) * 4 + 2);
  }

  /** Makes {@code count} partner interconnects in {@code account}, healthy, and returns them. */
  private static List<String> interconnects(RunningServer server, String account, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Answer created =
          server.post(
              cni(account) + "/interconnects",
              "{\"account\":\"%s\",\"type\":\"gcp_partner\",\"bandwidth\":\"1G\",\"pairing_key\":\"pk-%d/us-east4/1\"}"
                  .formatted(account, i));
      assertThat(created.status()).as(created.text()).isEqualTo(200);
      names.add(created.json().path("name").asText());
    }
    Bursts.until("the interconnects are set up", Duration.ofSeconds(60), () -> idle(server));
    return names;
  }

  private static boolean idle(RunningServer server) {
    return Bursts.unfinished(server) == 0;
  }

  private static String cniBody(String account, String icon, int i) {
    return """
        {"account": "%s", "interconnect": "%s",
         "magic": {"conduit_name": "burst-%d", "description": "", "mtu": 1500}}
        """
        .formatted(account, icon, i);
  }

  /** Reads from another client while {@code burst} runs; returns each read's status. */
  private static List<Integer> readWhile(RunningServer server, CompletableFuture<?> burst) {
    List<Integer> statuses = new ArrayList<>();
    long worstNanos = 0;
    do {
      long start = System.nanoTime();
      statuses.add(server.get("/cic/v1/trunkConnections/" + TRUNK).status());
      worstNanos = Math.max(worstNanos, System.nanoTime() - start);
    } while (!burst.isDone());
    // Recorded, not asserted: timings on a shared machine are no test.
    System.out.printf(
        "reads during the burst: %d, slowest %d ms%n", statuses.size(), worstNanos / 1_000_000);
    return statuses;
  }

  @Test
  void hundredsOfConcurrentCloudflareCreatesAreEachAnsweredAndAcceptedOnesFinish()
      throws Exception {
    try (RunningServer server =
        new RunningServer(
            dataDir, Bursts.tuned(Duration.ofMillis(100), Duration.ofSeconds(20), 2_000))) {
      String account = "acct-burst";
      List<String> icons = interconnects(server, account, BURST);
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < BURST; i++) {
        bodies.add(cniBody(account, icons.get(i), i));
      }

      CompletableFuture<List<Reply>> burst =
          CompletableFuture.supplyAsync(
              () -> Bursts.all(server, "POST", cni(account) + "/cnis", bodies));
      assertThat(readWhile(server, burst)).isNotEmpty().containsOnly(200);
      List<Reply> replies = burst.get();

      int accepted = 0;
      for (Reply reply : replies) {
        assertThat(reply.contentType()).as(reply.body()).startsWith("application/json");
        assertThat(reply.status()).as(reply.body()).isIn(200, 429);
        if (reply.status() == 200) {
          accepted++;
          assertThat(reply.json().path("id").asText()).isNotEmpty();
        } else {
          assertThat(reply.retryAfter()).isNotEmpty();
        }
      }
      assertThat(accepted).isPositive();
      JsonNode listed = server.get(cni(account) + "/cnis?limit=1000").json().path("items");
      assertThat(listed.size()).as("one CNI per accepted create").isEqualTo(accepted);
    }
  }

  @Test
  void hundredsOfConcurrentYandexCreatesAreEachAnsweredAndNoneFailsItsDeadline() throws Exception {
    try (RunningServer server =
        new RunningServer(
            dataDir, Bursts.tuned(Duration.ofMillis(100), Duration.ofSeconds(20), 2_000))) {
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < BURST; i++) {
        bodies.add(connection(i));
      }

      CompletableFuture<List<Reply>> burst =
          CompletableFuture.supplyAsync(
              () -> Bursts.all(server, "POST", "/cic/v1/privateConnections", bodies));
      assertThat(readWhile(server, burst)).isNotEmpty().containsOnly(200);
      List<String> operations = acceptedOperations(burst.get());

      // Some may be refused at the store's queue (operations.maxWriting), with Retry-After.
      assertThat(operations).isNotEmpty();
      assertFinishWithoutError(server, operations);
      JsonNode listed =
          server
              .get("/cic/v1/privateConnections?folderId=" + FOLDER + "&pageSize=1000")
              .json()
              .path("privateConnections");
      assertThat(listed.size())
          .as("one connection per accepted create")
          .isEqualTo(operations.size());
    }
  }

  @Test
  void overTheBoundCreatesAreRefusedWithRetryAfterAndChangeNothing() throws Exception {
    int bound = 20;
    // Routers slow enough that nothing accepted finishes while the test fills the bound.
    try (RunningServer server =
        new RunningServer(
            dataDir, Bursts.tuned(Duration.ofSeconds(5), Duration.ofSeconds(20), bound))) {
      List<String> operations = new ArrayList<>();
      for (int i = 0; i < bound; i++) {
        Answer created = server.post("/cic/v1/privateConnections", connection(i));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        operations.add(created.json().path("id").asText());
      }

      Answer yandex = server.post("/cic/v1/privateConnections", connection(bound));
      assertThat(yandex.status()).as(yandex.text()).isEqualTo(429);
      assertThat(yandex.header("retry-after")).matches("[1-9][0-9]*");
      assertThat(yandex.json().path("code").asInt()).as("RESOURCE_EXHAUSTED").isEqualTo(8);
      assertThat(yandex.json().path("message").asText()).contains("nothing was changed");
      Answer cloudflare =
          server.post(
              cni("acct-over") + "/interconnects",
              "{\"account\":\"acct-over\",\"type\":\"gcp_partner\",\"bandwidth\":\"1G\",\"pairing_key\":\"pk-x/us-east4/1\"}");
      assertThat(cloudflare.status()).as(cloudflare.text()).isEqualTo(429);
      assertThat(cloudflare.header("retry-after")).matches("[1-9][0-9]*");
      assertThat(cloudflare.json().path("errors").path(0).path("code").asInt()).isEqualTo(10003);

      List<String> bodies = new ArrayList<>();
      for (int i = bound + 1; i < bound + 101; i++) {
        bodies.add(connection(i));
      }
      List<Reply> burst = Bursts.all(server, "POST", "/cic/v1/privateConnections", bodies);
      operations.addAll(acceptedOperations(burst));
      assertThat(burst.stream().filter(r -> r.status() == 429)).isNotEmpty();

      assertFinishWithoutError(server, operations);
      JsonNode listed =
          server
              .get("/cic/v1/privateConnections?folderId=" + FOLDER + "&pageSize=1000")
              .json()
              .path("privateConnections");
      assertThat(listed.size())
          .as("a connection for each accepted create, none for a refused one")
          .isEqualTo(operations.size());
      assertThat(server.get(cni("acct-over") + "/interconnects").json().path("items").size())
          .as("the refused interconnect was not made")
          .isZero();
      Answer after = server.post("/cic/v1/privateConnections", connection(bound + 200));
      assertThat(after.status()).as("admitted again once work finished").isEqualTo(200);
    }
  }

  /** Checks that every reply is a Yandex answer, and returns the accepted operations' ids. */
  private static List<String> acceptedOperations(List<Reply> replies) {
    List<String> operations = new ArrayList<>();
    for (Reply reply : replies) {
      assertThat(reply.contentType()).as(reply.body()).startsWith("application/json");
      assertThat(reply.status()).as(reply.body()).isIn(200, 429);
      if (reply.status() == 200) {
        operations.add(reply.json().path("id").asText());
      } else {
        assertThat(reply.retryAfter()).as(reply.body()).isNotEmpty();
      }
    }
    return operations;
  }

  private static void assertFinishWithoutError(RunningServer server, List<String> operations) {
    Bursts.until("the accepted operations finish", Duration.ofSeconds(120), () -> idle(server));
    for (String id : operations) {
      JsonNode operation = server.get("/operations/" + id).json();
      assertThat(operation.path("done").asBoolean()).isTrue();
      assertThat(operation.has("error")).as("operation %s: %s", id, operation).isFalse();
    }
  }
}
