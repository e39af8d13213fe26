package dev.junction.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * Waits until a freshly started server has settled, and says how long each part took:
 *
 * <ol>
 *   <li><b>caught up</b>: every router's agent reports that it has handed its router everything up
 *       to the router's desired sequence ({@code GET /admin/v1/routers}: {@code appliedSeq ==
 *       desiredSeq}), and was heard from in the last {@link #RECENT} (so it is alive, not merely
 *       done once). The router may not run all of it yet: the next part tells;
 *   <li><b>up</b>: every stored connection's BGP session is reported Established (read from the
 *       server's SQLite file, read-only, in one pass over {@code observations});
 *   <li><b>quiet</b>: both of the above hold, and for {@code quiet} nothing in {@code observations}
 *       has changed: the same number of rows, of established sessions, and the same latest {@code
 *       observed_at}. Every report that changes what is known writes one of these, so a server
 *       whose agents still report catching up is not quiet; one that only repeats itself is.
 * </ol>
 */
final class Settling {
  static final Duration RECENT = Duration.ofSeconds(15);

  /** How long each part took from the server listening, and the last summary read. */
  record Settled(
      Optional<Duration> caughtUp,
      Optional<Duration> up,
      Optional<Duration> quiet,
      long observations,
      long established) {}

  /** One pass over {@code observations}. */
  private record Summary(long rows, long established, long latest) {}

  private final JunctionClient client;
  private final Path database;
  private final long expectedSessions;
  private final Duration quiet;
  private final Duration poll;

  Settling(
      JunctionClient client, Path database, long expectedSessions, Duration quiet, Duration poll) {
    this.client = client;
    this.database = database;
    this.expectedSessions = expectedSessions;
    this.quiet = quiet;
    this.poll = poll;
  }

  /** Waits until the server is quiet, or {@code timeout} has passed. */
  Settled await(Duration timeout) throws IOException, InterruptedException, SQLException {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    Optional<Duration> caughtUp = Optional.empty();
    Optional<Duration> up = Optional.empty();
    Summary last = new Summary(-1, -1, -1);
    long unchangedSince = System.nanoTime();
    long lastProgress = 0;
    SQLiteConfig readOnly = new SQLiteConfig();
    readOnly.setReadOnly(true);
    readOnly.setBusyTimeout(30_000);
    try (Connection db = readOnly.createConnection("jdbc:sqlite:" + database.toAbsolutePath())) {
      while (true) {
        long now = System.nanoTime();
        Duration elapsed = Duration.ofNanos(now - started);
        boolean routersCaughtUp = routersCaughtUp();
        Summary summary = summary(db);
        if (!summary.equals(last)) {
          last = summary;
          unchangedSince = now;
        }
        if (routersCaughtUp && caughtUp.isEmpty()) {
          caughtUp = Optional.of(elapsed);
        }
        boolean allUp = summary.established() >= expectedSessions;
        if (allUp && up.isEmpty()) {
          up = Optional.of(elapsed);
        }
        if (routersCaughtUp && allUp && now - unchangedSince >= quiet.toNanos()) {
          return new Settled(
              caughtUp, up, Optional.of(elapsed), summary.rows(), summary.established());
        }
        if (now > deadline) {
          return new Settled(caughtUp, up, Optional.empty(), summary.rows(), summary.established());
        }
        if (now - lastProgress > Duration.ofSeconds(10).toNanos()) {
          lastProgress = now;
          Report.progress(
              "  settling, %.0f s: routers %s; %,d observations, %,d of %,d sessions established",
              elapsed.toMillis() / 1e3,
              routersCaughtUp ? "caught up" : "catching up",
              summary.rows(),
              summary.established(),
              expectedSessions);
        }
        Thread.sleep(poll);
      }
    }
  }

  private boolean routersCaughtUp() throws IOException, InterruptedException {
    Instant recent = Instant.now().minus(RECENT);
    for (JsonNode router : client.routers()) {
      String heard = router.path("lastHeardAt").asText("");
      if (router.path("appliedSeq").asLong() != router.path("desiredSeq").asLong()
          || heard.isEmpty()
          || Instant.parse(heard).isBefore(recent)) {
        return false;
      }
    }
    return true;
  }

  private static Summary summary(Connection db) throws SQLException {
    try (Statement statement = db.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT COUNT(*),"
                    + " COALESCE(SUM(json_extract(bgp, '$.state') = 'Established'), 0),"
                    + " COALESCE(MAX(observed_at), 0) FROM observations")) {
      row.next();
      return new Summary(row.getLong(1), row.getLong(2), row.getLong(3));
    }
  }
}
