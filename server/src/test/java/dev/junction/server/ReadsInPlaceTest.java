package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.junction.api.yandex.cic.v1.ListPointOfPresencesRequest;
import dev.junction.api.yandex.cic.v1.PointOfPresenceServiceGrpc;
import dev.junction.store.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded store, the packaged wiring serves reads on the event loop that took them, with a
 * connection the event loop keeps: a Yandex REST GET, a gRPC read and a Cloudflare GET are answered
 * while other work holds every connection of the store's read pool, where a read on the blocking
 * pool would wait up to the pool's 30 s for one. An event loop's reads share a snapshot, which it
 * ends when idle.
 */
class ReadsInPlaceTest {
  /** The embedded store's read pool ({@code SqliteStore.readPool}). */
  private static final int POOL = 4;

  /** Well under the pool's wait, and under the credential cache's one-second bound. */
  private static final long ANSWERED_WITHIN_MILLIS = 900;

  @TempDir Path dataDir;

  @Test
  void readsAreAnsweredWhileOtherWorkHoldsEveryPooledReadConnection() throws Exception {
    ExecutorService holders = Executors.newFixedThreadPool(POOL);
    try (RunningServer server = new RunningServer(dataDir)) {
      JdbcStore store = server.server.components().store();
      var pointsOfPresence =
          GrpcClients.builder("http://127.0.0.1:" + server.server.grpcPort())
              .addHeader("authorization", "Bearer " + server.operatorToken())
              .build(PointOfPresenceServiceGrpc.PointOfPresenceServiceBlockingStub.class);
      String yandex = "/cic/v1/privateConnections?folderId=folder-a";
      String cloudflare = "/client/v4/accounts/account-a/cni/interconnects";

      // The operator's token is confirmed by the database at most a second before it is used, on
      // the blocking pool; a round that outlives that bound would wait for the pool for it. So each
      // round first has the token confirmed, and a slow machine gets another round.
      long slowest = Long.MAX_VALUE;
      for (int round = 0; round < 3 && slowest >= ANSWERED_WITHIN_MILLIS; round++) {
        assertThat(server.get(yandex).status()).isEqualTo(200);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<?>> held = holdEveryPooledConnection(store, holders, release);
        try {
          long start = System.nanoTime();
          RunningServer.Answer rest = server.get(yandex);
          assertThat(rest.status()).as(rest.text()).isEqualTo(200);
          assertThat(pointsOfPresence.list(ListPointOfPresencesRequest.getDefaultInstance()))
              .isNotNull();
          RunningServer.Answer cni = server.get(cloudflare);
          assertThat(cni.status()).as(cni.text()).isEqualTo(200);
          slowest = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        } finally {
          release.countDown();
          for (Future<?> future : held) {
            future.get(30, TimeUnit.SECONDS);
          }
        }
      }
      assertThat(slowest).isLessThan(ANSWERED_WITHIN_MILLIS);
    } finally {
      holders.shutdownNow();
    }
  }

  @Test
  void anIdleEventLoopEndsItsSnapshotSoThatTheCheckpointCanRestartTheLog() throws Exception {
    try (RunningServer server = new RunningServer(dataDir)) {
      assertThat(server.get("/cic/v1/privateConnections?folderId=folder-a").status())
          .isEqualTo(200);

      // Past the server, as another process would: the event loop's snapshot is now an old one.
      // A RESTART checkpoint waits (up to its busy timeout) until no reader keeps an old
      // snapshot; the event loop, idle, has to end its own for it to go through.
      try (Connection other =
              DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("junction.db"));
          Statement statement = other.createStatement()) {
        statement.execute("PRAGMA busy_timeout = 5000");
        statement.execute("CREATE TABLE probe (x INTEGER)");
        try (ResultSet checkpoint = statement.executeQuery("PRAGMA wal_checkpoint(RESTART)")) {
          assertThat(checkpoint.next()).isTrue();
          assertThat(checkpoint.getInt(1)).as("the checkpoint was held back").isZero();
        }
      }
    }
  }

  /** Starts {@code POOL} reads that each keep their connection until {@code release}. */
  private static List<Future<?>> holdEveryPooledConnection(
      JdbcStore store, ExecutorService holders, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch holding = new CountDownLatch(POOL);
    List<Future<?>> held = new ArrayList<>();
    for (int i = 0; i < POOL; i++) {
      held.add(
          holders.submit(
              () ->
                  store.read(
                      tx -> {
                        holding.countDown();
                        try {
                          release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return null;
                      })));
    }
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    return held;
  }
}
