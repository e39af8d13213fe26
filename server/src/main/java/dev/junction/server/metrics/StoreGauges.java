package dev.junction.server.metrics;

import dev.junction.core.catalogue.Router;
import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.RouterStatus;
import dev.junction.core.operation.Operation;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures read from the store when {@code /metrics} is scraped, in one read transaction: the
 * unfinished operations and the oldest one's age, every router's BGP sessions by state, and how
 * long since each router's agent was last heard from. They are the database's, so every replica of
 * a shared PostgreSQL shows the same. Should the store be out of reach, the last figures stay and
 * {@code junction_store_up} says 0.
 */
final class StoreGauges {
  private static final Logger log = LoggerFactory.getLogger(StoreGauges.class);

  /** The BGP states a session may be in; any other a driver reports is counted as Other. */
  static final Set<String> STATES =
      Set.of(
          "Idle",
          "Connect",
          "Active",
          "OpenSent",
          "OpenConfirm",
          BgpObservation.ESTABLISHED,
          "Down");

  /**
   * The longest a scrape waits for the store's figures before it answers with the last ones: at a
   * million connections, counting the sessions while the routers make their first sync took longer
   * than the web server's request timeout.
   */
  static final Duration SCRAPE_WAIT = Duration.ofSeconds(2);

  private final Store store;
  private final InstantSource clock;
  private final Duration scrapeWait;
  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(
          task -> Thread.ofPlatform().daemon().name("metrics-store-reader").unstarted(task));
  private @Nullable CompletableFuture<Void> reading;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong oldestMillis = new AtomicLong();
  private final AtomicLong up = new AtomicLong();
  private final MultiGauge sessions;
  private final MultiGauge silence;

  StoreGauges(Store store, InstantSource clock, MeterRegistry registry) {
    this(store, clock, registry, SCRAPE_WAIT);
  }

  StoreGauges(Store store, InstantSource clock, MeterRegistry registry, Duration scrapeWait) {
    this.store = store;
    this.clock = clock;
    this.scrapeWait = scrapeWait;
    Gauge.builder("junction.operations.pending", pending, AtomicLong::get)
        .description("Operations not done yet, in the whole database")
        .register(registry);
    Gauge.builder("junction.operations.oldest.pending.age", oldestMillis, m -> m.get() / 1000.0)
        .description("How long the oldest unfinished operation has been waiting; 0 if none")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("junction.store.up", up, AtomicLong::get)
        .description("1 if the last scrape could read the store, 0 if not")
        .register(registry);
    sessions =
        MultiGauge.builder("junction.network.sessions")
            .description("BGP sessions by the state their router last reported, per router")
            .register(registry);
    silence =
        MultiGauge.builder("junction.network.agent.silence")
            .description("Seconds since each router's agent last reported (absent: never)")
            .baseUnit("seconds")
            .register(registry);
  }

  /**
   * Brings the figures up to date for a scrape: starts a read of the store unless one is under way
   * (scrapes never pile reads up), and waits for it at most {@link #SCRAPE_WAIT}; past that the
   * scrape answers with the last figures, and the read goes on and serves the next scrape.
   */
  void refresh() {
    CompletableFuture<Void> current;
    synchronized (this) {
      if (reading == null || reading.isDone()) {
        try {
          reading = CompletableFuture.runAsync(this::readNow, reader);
        } catch (RejectedExecutionException closed) {
          return;
        }
      }
      current = reading;
    }
    try {
      current.get(scrapeWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      log.debug(
          "The store's figures took longer than {}; this scrape shows the last ones", scrapeWait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.debug("Could not read the figures of /metrics from the store", e.getCause());
    }
  }

  /** Stops the reader thread. */
  void close() {
    reader.shutdownNow();
  }

  /** Reads the figures from the store; keeps the last ones if it cannot. */
  private void readNow() {
    Figures figures;
    try {
      figures = store.read(this::read);
    } catch (RuntimeException e) {
      // A scrape must answer even when the database does not; readiness says why.
      log.debug("Could not read the figures of /metrics from the store", e);
      up.set(0);
      return;
    }
    up.set(1);
    pending.set(figures.pending());
    Instant now = clock.instant();
    oldestMillis.set(
        figures.oldest().map(at -> Math.max(0, Duration.between(at, now).toMillis())).orElse(0L));
    List<MultiGauge.Row<?>> sessionRows = new ArrayList<>();
    figures
        .sessions()
        .forEach(
            (router, states) ->
                states.forEach(
                    (state, count) ->
                        sessionRows.add(
                            MultiGauge.Row.of(Tags.of("router", router, "state", state), count))));
    sessions.register(sessionRows, true);
    List<MultiGauge.Row<?>> silenceRows = new ArrayList<>();
    figures
        .lastHeard()
        .forEach(
            (router, at) ->
                silenceRows.add(
                    MultiGauge.Row.of(
                        Tags.of("router", router),
                        Math.max(0, Duration.between(at, now).toMillis()) / 1000.0)));
    silence.register(silenceRows, true);
  }

  private record Figures(
      int pending,
      Optional<Instant> oldest,
      Map<String, Map<String, Integer>> sessions,
      Map<String, Instant> lastHeard) {}

  private Figures read(ReadTx tx) {
    int unfinished = tx.countUnfinishedOperations();
    Optional<Instant> oldest =
        tx.unfinishedOperations(1).stream().findFirst().map(Operation::createdAt);
    Map<String, Map<String, Integer>> sessions = new TreeMap<>();
    Map<String, Instant> heard = new TreeMap<>();
    for (RouterStatus status : tx.routerStatuses()) {
      status.lastHeardAt().ifPresent(at -> heard.put(status.routerId(), at));
    }
    Map<String, Map<String, Integer>> counted = tx.sessionCounts();
    for (Router router : tx.routers()) {
      Map<String, Integer> states = new TreeMap<>();
      counted
          .getOrDefault(router.id(), Map.of())
          .forEach((state, count) -> states.merge(stateOf(state), count, Integer::sum));
      // Every router shows Established, even at 0, so that an alert on it has a series to watch.
      states.putIfAbsent(BgpObservation.ESTABLISHED, 0);
      sessions.put(router.id(), states);
    }
    // Only routers of the catalogue: a status row of a removed router is not labelled.
    heard.keySet().retainAll(sessions.keySet());
    return new Figures(unfinished, oldest, sessions, heard);
  }

  private static String stateOf(String reported) {
    return STATES.contains(reported) ? reported : "Other";
  }
}
