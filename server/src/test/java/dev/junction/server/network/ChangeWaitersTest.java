package dev.junction.server.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.network.agent.RouterChanges;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChangeWaitersTest {
  private static final Duration LONG = Duration.ofMinutes(5);

  private final RouterChanges changes = new RouterChanges();
  private final ChangeWaiters waiters = new ChangeWaiters();

  @Test
  void wakesEveryRequestWaitingForTheRouter() throws Exception {
    CompletableFuture<Void> first = waiters.await("r1", changes.next("r1"), LONG);
    CompletableFuture<Void> second = waiters.await("r1", changes.next("r1"), LONG);
    CompletableFuture<Void> other = waiters.await("r2", changes.next("r2"), LONG);
    assertThat(waiters.waiting("r1")).isEqualTo(2);

    changes.changed("r1");

    first.get(5, TimeUnit.SECONDS);
    second.get(5, TimeUnit.SECONDS);
    assertThat(other).isNotDone();
    assertThat(waiters.waiting("r1")).isZero();
  }

  @Test
  void leavesNothingBehindWhenARequestStopsWaiting() throws Exception {
    CompletableFuture<Void> next = changes.next("r1");
    for (int i = 0; i < 100; i++) {
      waiters.await("r1", next, Duration.ofMillis(1)).get(5, TimeUnit.SECONDS);
    }

    assertThat(waiters.waiting("r1")).isZero();
    CompletableFuture<Void> waiting = waiters.await("r1", next, LONG);
    changes.changed("r1");
    waiting.get(5, TimeUnit.SECONDS);
  }

  @Test
  void wakesAtOnceForAChangeThatCameBeforeTheWait() throws Exception {
    CompletableFuture<Void> next = changes.next("r1");
    changes.changed("r1");

    waiters.await("r1", next, LONG).get(5, TimeUnit.SECONDS);
    CompletableFuture<Void> later = waiters.await("r1", changes.next("r1"), LONG);
    assertThat(later).isNotDone();
    changes.changed("r1");
    later.get(5, TimeUnit.SECONDS);
  }
}
