package dev.junction.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.bench.scale.ScaleDataDir;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * P6 scale: the same measures on a store of 1,000 private connections and on one of N (100,000 by
 * default, {@code --scale N}, {@code --full} for 1,000,000), both prepared once through the bulk
 * path ({@link ScaleDataDir}) and copied for each round, the server started through the launcher
 * (whose heap sizing is part of the figure). Each round, for each size: the server's start on the
 * stored data (restart to ready); GETs of the first page's connections, {@value #CLIENTS} at a time
 * (p99); the first List page and the last of one folder (paged through to the end by page token),
 * each read {@value #PAGE_READS} times, the two in turn (median of each); creates from {@value
 * #CLIENTS} clients in a closed loop (per second), and the time from each one's operation created
 * to done by the server's clock (p50); and the server's RSS after that load. An empty start (no
 * data, the built-in configuration) is the baseline of the restart.
 */
final class ScaleFigures {
  static final int CLIENTS = 16;
  static final int PAGE_SIZE = 100;
  static final int PAGE_READS = 21;
  static final String FOLDER = "scale-folder-0000";

  private final Suite suite;

  ScaleFigures(Suite suite) {
    this.suite = suite;
  }

  /** How long the count of established sessions must stay unchanged before P6 measures. */
  private static final Duration STEADY = Duration.ofSeconds(10);

  /** What one server run at one size measured. */
  private record Measured(
      double getP99,
      double firstPage,
      double lastPage,
      double creates,
      double doneP50,
      double rssMb,
      double ready,
      double caughtUp) {}

  List<Row> run() throws Exception {
    Options options = suite.options();
    int n = options.scale();
    String at = String.format(Locale.ROOT, "N=%,d", n);
    String small = "at 1,000";
    Row get =
        new Row("P6 GET p99 at " + at, "GET p99 " + small, "x", "<= 2", v -> v <= 2)
            .absoluteUnit("ms");
    Row list =
        new Row(
                "P6 List last page at " + at,
                "first page at " + at,
                "x",
                "<= 1.5 (flat)",
                v -> v <= 1.5)
            .absoluteUnit("ms");
    Row creates =
        new Row("P6 creates/s at " + at, "creates/s " + small, "x", ">= 0.5", v -> v >= 0.5)
            .absoluteUnit("/s");
    Row done =
        new Row(
                "P6 create to done p50 at " + at,
                "create to done p50 " + small,
                "x",
                "<= 2",
                v -> v <= 2)
            .absoluteUnit("ms");
    Row rss = new Row("P6 RSS after the load at " + at, "-", "MB", "<= 512 MB", v -> v <= 512);
    Row restart =
        new Row("P6 restart to ready at " + at, "empty start", "x", "<= 2", v -> v <= 2)
            .absoluteUnit("s");
    List<Row> rows = List.of(get, list, creates, done, rss, restart);
    ScaleDataDir thousand = suite.prepared(1_000);
    suite.progress("P6: preparing the store of %,d connections (once; reused by later runs)", n);
    ScaleDataDir large = suite.prepared(n);
    // One start not counted first: the launcher writes its class-data archive or ahead-of-time
    // cache on the first start after a build, and the empty start is to be a start like the
    // restart it is compared with, which finds the archive written.
    suite.progress("P6: a first empty start, not counted (it writes the launcher's cache)");
    emptyStart();
    for (int round = 1; round <= options.rounds(); round++) {
      suite.progress("P6: round %d of %d, empty start", round, options.rounds());
      double empty = emptyStart();
      suite.progress("P6: round %d of %d, 1,000 connections", round, options.rounds());
      Measured base = measure("p6-1000", thousand, rows);
      suite.progress("P6: round %d of %d, %,d connections", round, options.rounds(), n);
      Measured big = measure("p6-" + n, large, rows);
      get.round(big.getP99() / base.getP99(), big.getP99(), base.getP99());
      list.round(big.lastPage() / big.firstPage(), big.lastPage(), big.firstPage());
      creates.round(big.creates() / base.creates(), big.creates(), base.creates());
      done.round(big.doneP50() / base.doneP50(), big.doneP50(), base.doneP50());
      if (Double.isNaN(big.rssMb())) {
        rss.notApplicable("no /proc here");
      } else {
        rss.round(big.rssMb());
      }
      restart.round(big.ready() / empty, big.ready(), empty);
      restart.note(
          String.format(
              Locale.ROOT,
              "its routers caught up and reported their sessions %.0f s after ready; figures taken after",
              big.caughtUp()));
    }
    return rows;
  }

  /** Starts the launcher on an empty data directory and returns its time to ready, in seconds. */
  private double emptyStart() throws Exception {
    try (Server server =
        suite.start(
            "p6-empty",
            suite.runDir("p6-empty", Optional.empty(), ""),
            Server.Launch.LAUNCHER,
            List.of())) {
      return server.ready().toNanos() / 1e9;
    }
  }

  private Measured measure(String name, ScaleDataDir data, List<Row> rows) throws Exception {
    Duration duration = suite.options().duration();
    Path dir = suite.runDir(name, Optional.of(data), Suite.NO_DELAYS);
    try (Server server = suite.start(name, dir, Server.Launch.LAUNCHER, List.of());
        Clients clients = new Clients(server)) {
      double ready = server.ready().toNanos() / 1e9;
      // Ready does not wait for the routers (a restart at a million would wait minutes): the
      // figures are of a store whose routers run it, so they are taken once every agent has
      // caught up with its router's desired state; how long that took is noted.
      double caughtUp = awaitCaughtUp(clients, Duration.ofMinutes(20));
      caughtUp += awaitSessionsSteady(clients, Duration.ofMinutes(20));
      String firstPage = "/cic/v1/privateConnections?folderId=" + FOLDER + "&pageSize=" + PAGE_SIZE;
      List<String> ids = new ArrayList<>();
      for (JsonNode connection : clients.json(firstPage).path("privateConnections")) {
        ids.add(connection.path("id").asText());
      }
      if (ids.isEmpty()) {
        throw new IllegalStateException(name + ": folder " + FOLDER + " lists no connection");
      }
      AtomicInteger next = new AtomicInteger();
      Load.Call getCall =
          () ->
              clients
                  .get("/cic/v1/privateConnections/" + ids.get(next.getAndIncrement() % ids.size()))
                  .start();
      Load.closed(getCall, CLIENTS, Suite.warmUp(suite.options()));
      Load.Result gets = Load.closed(getCall, CLIENTS, duration);
      check(gets, rows.get(0));

      String lastPage = firstPage;
      String token = "";
      do {
        lastPage = firstPage + (token.isEmpty() ? "" : "&pageToken=" + token);
        token = clients.json(lastPage).path("nextPageToken").asText("");
      } while (!token.isEmpty());
      double[] pages = pageMillis(clients, firstPage, lastPage);
      double first = pages[0];
      double last = pages[1];

      Creates load = new Creates(clients, data.emptyTrunks());
      Load.closed(load.call(), CLIENTS, Suite.warmUp(suite.options()));
      load.takeOperations();
      Load.Result made = Load.closed(load.call(), CLIENTS, duration);
      check(made, rows.get(2));
      Creates.Done finished = load.awaitDone(load.takeOperations(), Duration.ofMinutes(5));
      if (finished.failed() > 0 || finished.unfinished() > 0) {
        rows.get(3)
            .errors(
                finished.failed()
                    + " operations failed, "
                    + finished.unfinished()
                    + " not done after 5 min (first: "
                    + finished.firstFailure()
                    + ")");
      }
      double rssMb = server.rss().isPresent() ? server.rss().getAsLong() / 1e6 : Double.NaN;
      return new Measured(
          gets.p99Millis(),
          first,
          last,
          made.perSecond(),
          Creates.quantile(finished.millis(), 0.5),
          rssMb,
          ready,
          caughtUp);
    }
  }

  /**
   * Waits until every router's agent has handed its router everything up to the router's desired
   * sequence and was heard from in the last 15 s ({@code GET /admin/v1/routers}), polling every
   * second; returns the seconds it waited.
   */
  private static double awaitCaughtUp(Clients clients, Duration timeout)
      throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    while (true) {
      Instant recent = Instant.now().minusSeconds(15);
      boolean caughtUp = true;
      for (JsonNode router : clients.json("/admin/v1/routers").path("routers")) {
        String heard = router.path("lastHeardAt").asText("");
        caughtUp &=
            router.path("appliedSeq").asLong() == router.path("desiredSeq").asLong()
                && !heard.isEmpty()
                && !Instant.parse(heard).isBefore(recent);
      }
      if (caughtUp) {
        return (System.nanoTime() - started) / 1e9;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the routers had not caught up " + timeout.toMinutes() + " min after ready");
      }
      Thread.sleep(1_000);
    }
  }

  /**
   * Waits until the routers have reported what they run: the established BGP sessions the server
   * counts ({@code junction_network_sessions{state="Established"}} in {@code /metrics}, summed over
   * the routers) have not changed for {@link #STEADY}, polled every 2 s. After catching up, each
   * agent still observes every subject it has just applied and reports each session as it comes up;
   * the figures are of a store whose routers run it, not of one still reporting a million sessions.
   * Returns the seconds it waited.
   */
  private static double awaitSessionsSteady(Clients clients, Duration timeout)
      throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    long last = -1;
    long unchangedSince = started;
    while (true) {
      long established = 0;
      for (String line : clients.getNow("/metrics").contentUtf8().split("\n")) {
        if (line.startsWith("junction_network_sessions{")
            && line.contains("state=\"Established\"")) {
          established += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      long now = System.nanoTime();
      if (established != last) {
        last = established;
        unchangedSince = now;
      } else if (now - unchangedSince >= STEADY.toNanos()) {
        return (now - started) / 1e9;
      }
      if (now > deadline) {
        throw new IllegalStateException(
            "the routers' sessions had not settled " + timeout.toMinutes() + " min after ready");
      }
      Thread.sleep(2_000);
    }
  }

  /**
   * Returns the median time of a read of each of {@code paths}, in milliseconds. The paths are read
   * in turn rather than one after the other, so that a collection or a compilation that happens
   * meanwhile falls on both alike.
   */
  private static double[] pageMillis(Clients clients, String... paths) {
    List<List<Double>> times = new ArrayList<>();
    for (int p = 0; p < paths.length; p++) {
      times.add(new ArrayList<>());
    }
    for (int i = 0; i < PAGE_READS; i++) {
      for (int p = 0; p < paths.length; p++) {
        long started = System.nanoTime();
        clients.json(paths[p]);
        times.get(p).add((System.nanoTime() - started) / 1e6);
      }
    }
    return times.stream().mapToDouble(Row::median).toArray();
  }

  private static void check(Load.Result result, Row row) {
    if (result.errors() > 0 || result.ok() == 0) {
      row.errors(result.problems());
    } else if (result.refused() > 0) {
      row.note(result.refused() + " refused, first " + result.firstProblem());
    }
  }
}
