package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.auth.AdminToken;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many requests with one {@code Idempotency-Key} at once, spread over two replicas on one
 * PostgreSQL: every one answers the first request's operation, and one connection is made.
 */
class ReplicaIdempotencyTest {
  private static final int REQUESTS = 64;

  @TempDir Path first;
  @TempDir Path second;

  @Test
  void everyRequestWithOneKeyOnAnyReplicaGetsTheOneOperation() throws Exception {
    UnaryOperator<JunctionConfig> shared =
        ReplicaBootstrapTest.onPostgres(TestPostgres.newDatabase(), ReplicaBootstrapTest.newKey());
    try (RunningServer a = new RunningServer(first, shared);
        RunningServer b =
            new RunningServer(
                second,
                config ->
                    shared
                        .apply(config)
                        .withServer(
                            config
                                .server()
                                .withAdminFiles(
                                    first.resolve(AdminToken.FILE_NAME).toString(),
                                    first.resolve(AdminToken.GLOBAL_KEY_FILE_NAME).toString())))) {
      String body =
          """
          {"folderId": "idem-folder", "name": "idem", "trunkConnectionId": "cftdemotrunk00000001",
           "vlanId": "700", "ipv4Peering": {"peeringSubnet": "169.254.70.0/30",
           "peerIp": "169.254.70.1", "cloudIp": "169.254.70.2", "peerBgpAsn": "65001"}}
          """;
      List<RunningServer> replicas = List.of(a, b);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RunningServer.Answer>> answers = new ArrayList<>();
      try (ExecutorService threads = Executors.newFixedThreadPool(REQUESTS)) {
        for (int i = 0; i < REQUESTS; i++) {
          RunningServer replica = replicas.get(i % replicas.size());
          Callable<RunningServer.Answer> create =
              () -> {
                start.await();
                return replica.call(
                    "POST", "/cic/v1/privateConnections", body, "Idempotency-Key", "one-key");
              };
          answers.add(threads.submit(create));
        }
        start.countDown();
      }
      List<String> operations = new ArrayList<>();
      for (Future<RunningServer.Answer> answer : answers) {
        RunningServer.Answer done = answer.get();
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        operations.add(done.json().path("id").asText());
      }
      assertThat(operations).hasSize(REQUESTS).containsOnly(operations.get(0));
      for (RunningServer replica : replicas) {
        RunningServer.Answer listed =
            replica.get("/cic/v1/privateConnections?folderId=idem-folder");
        assertThat(listed.json().path("privateConnections").findValuesAsText("id"))
            .as("connections on each replica")
            .hasSize(1);
      }
    }
  }
}
