package dev.junction.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.WriteTx;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A scrape does not wait on a slow store read past its bound, and scrapes never start a second read
 * while one is under way: at a million connections, counting the sessions while the routers made
 * their first sync ran past the web server's request timeout, and every scrape started another. The
 * store is the one edge played here, by a store whose read blocks until the test lets it go.
 */
class StoreGaugesTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger reads = new AtomicInteger();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private StoreGauges gauges;

  /** A store that is reachable but slow: each read waits for the test, then fails. */
  private final Store slow =
      new Store() {
        @Override
        public <T> T read(Function<ReadTx, T> work) {
          reads.incrementAndGet();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("the store went away");
        }

        @Override
        public <T> T write(Function<WriteTx, T> work) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void onRouterChanged(Consumer<String> listener) {}

        @Override
        public void onOperationsDue(Runnable listener) {}

        @Override
        public void close() {}
      };

  @AfterEach
  void stop() {
    release.countDown();
    if (gauges != null) {
      gauges.close();
    }
  }

  @Test
  @Timeout(60)
  void aScrapeAnswersWithTheLastFiguresWhileAReadIsUnderWayAndStartsNoOther() throws Exception {
    gauges = new StoreGauges(slow, InstantSource.system(), registry, Duration.ofMillis(100));

    gauges.refresh();
    gauges.refresh();
    assertThat(reads.get()).as("reads started by two scrapes during a slow read").isEqualTo(1);
    assertThat(registry.get("junction.store.up").gauge().value())
        .as("the figures shown meanwhile: the last ones (none yet)")
        .isZero();

    release.countDown();
    while (reads.get() < 2) {
      gauges.refresh();
    }
    assertThat(reads.get()).as("a scrape after the read ended starts a new one").isEqualTo(2);
  }
}
