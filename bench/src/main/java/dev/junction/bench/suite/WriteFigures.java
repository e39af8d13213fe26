package dev.junction.bench.suite;

import dev.junction.bench.scale.ScaleDataDir;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P2 durable writes: creates per second at saturation through the API ({@value #CLIENTS} clients in
 * a closed loop; a create counts once acknowledged, which the server does only once it is durable),
 * against the raw durable commits per second of the same engine on the same disk: a JDBC loop
 * committing one small row per transaction, with the settings the server uses. On SQLite that is
 * one connection (the server writes through one) in WAL mode with {@code synchronous=FULL} and
 * IMMEDIATE transactions, on a file beside the server's; on PostgreSQL it is the same embedded
 * PostgreSQL the server runs on, with {@value #CLIENTS} connections as the API load has clients.
 */
final class WriteFigures {
  static final int CLIENTS = 32;
  private static final String PG_USER = "postgres";

  private final Suite suite;

  WriteFigures(Suite suite) {
    this.suite = suite;
  }

  List<Row> run() throws Exception {
    Row sqlite = row("P2 creates/s at saturation, SQLite", "raw SQLite commits/s");
    Row postgres = row("P2 creates/s at saturation, PostgreSQL", "raw PostgreSQL commits/s");
    Options options = suite.options();
    ScaleDataDir data = suite.preparedForWrites();
    for (int round = 1; round <= options.rounds(); round++) {
      suite.progress("P2 SQLite: round %d of %d", round, options.rounds());
      Path dir = suite.runDir("p2-sqlite", Optional.of(data), Suite.NO_DELAYS);
      double raw = rawSqlite(dir.resolve("raw-commits.db"));
      Load.Result creates = creates("p2-sqlite", dir, data.emptyTrunks(), sqlite);
      sqlite.round(creates.perSecond() / raw, creates.perSecond(), raw);
      roundDone("P2 SQLite", round, creates, raw);
    }
    suite.progress("P2 PostgreSQL: starting the embedded PostgreSQL");
    Path pgDir = suite.options().work().resolve("postgresql");
    ScaleDataDir.deleteTree(pgDir);
    Files.createDirectories(pgDir);
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(pgDir.resolve("data"))
            .setCleanDataDirectory(true)
            .setOverrideWorkingDirectory(pgDir.resolve("work").toFile())
            // The embedded PostgreSQL turns durability off for tests; a durable commit is the
            // point of P2, so both settings are put back to PostgreSQL's own defaults.
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .start()) {
      for (int round = 1; round <= options.rounds(); round++) {
        suite.progress("P2 PostgreSQL: round %d of %d", round, options.rounds());
        String rawUrl = database(pg, "raw_" + round);
        double raw = rawPostgres(rawUrl);
        String url = database(pg, "junction_" + round);
        String store =
            """
            store:
              engine: postgresql
              postgresql:
                url: %s
                user: %s
                password: ""
            secrets:
              current: bench
              keys:
                - {id: bench, key: "%s"}
            """
                .formatted(url, PG_USER, secretKey());
        Path dir = suite.options().work().resolve("runs").resolve("p2-postgresql");
        ScaleDataDir seeded =
            ScaleDataDir.preparePostgres(
                dir,
                0,
                Suite.ROUTERS,
                Suite.EMPTY_TRUNKS_FOR_WRITES,
                "\n" + store,
                url,
                PG_USER,
                "");
        Files.writeString(
            dir.resolve(ScaleDataDir.CONFIG),
            Files.readString(dir.resolve(ScaleDataDir.CONFIG)) + "\n" + Suite.NO_DELAYS);
        Load.Result creates = creates("p2-postgresql", dir, seeded.emptyTrunks(), postgres);
        postgres.round(creates.perSecond() / raw, creates.perSecond(), raw);
        roundDone("P2 PostgreSQL", round, creates, raw);
      }
    }
    return List.of(sqlite, postgres);
  }

  /** Says a round's figures as it ends, so that a long run shows them before its table. */
  private void roundDone(String engine, int round, Load.Result creates, double raw) {
    suite.progress(
        "%s: round %d: %.0f creates/s against %.0f raw commits/s (%.2f), %d refused",
        engine, round, creates.perSecond(), raw, creates.perSecond() / raw, creates.refused());
  }

  private static Row row(String figure, String baseline) {
    return new Row(figure, baseline, "x", ">= 0.5", v -> v >= 0.5).absoluteUnit("/s");
  }

  private Load.Result creates(String name, Path dir, List<ScaleDataDir.EmptyTrunk> trunks, Row row)
      throws Exception {
    try (Server server = suite.start(name, dir, Server.Launch.JAR, List.of());
        Clients clients = new Clients(server)) {
      Creates creates = new Creates(clients, trunks);
      WarmUp.Done warm =
          WarmUp.run(
              suite,
              server,
              duration -> Load.closed(creates.call(), CLIENTS, duration),
              creates::halfLeft);
      suite.progress("%s: warmed up in %s", name, warm);
      row.warmUp(warm);
      OptionalLong serverBefore = server.cpuNanos();
      long clientBefore = ownCpuNanos();
      Load.Result result = Load.closed(creates.call(), CLIENTS, suite.options().duration());
      long clientNanos = ownCpuNanos() - clientBefore;
      OptionalLong serverAfter = server.cpuNanos();
      if (result.errors() > 0 || result.ok() == 0) {
        row.errors(result.problems());
        return result;
      }
      if (result.refused() > 0) {
        row.note(result.refused() + " refused, first " + result.firstProblem());
      }
      if (serverBefore.isPresent() && serverAfter.isPresent()) {
        // What the creates cost the machine's cores: with the load generator on the same host,
        // two cores divided by this is the most creates a second the host could carry.
        double serverMs = (serverAfter.getAsLong() - serverBefore.getAsLong()) / 1e6 / result.ok();
        row.cpu(serverMs, clientNanos / 1e6 / result.ok());
        suite.progress("%s: the server's CPU: %.3f ms a create", name, serverMs);
      }
      return result;
    }
  }

  /** Returns the CPU time this JVM (the load generator) has used so far, in nanoseconds. */
  private static long ownCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Commits one small row per transaction on one connection, as the server's writer is set. */
  private double rawSqlite(Path file) throws SQLException, java.io.IOException {
    Files.deleteIfExists(file);
    Properties settings = new Properties();
    settings.setProperty("journal_mode", "WAL");
    settings.setProperty("synchronous", "FULL");
    settings.setProperty("foreign_keys", "true");
    settings.setProperty("busy_timeout", "30000");
    settings.setProperty("transaction_mode", "IMMEDIATE");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, settings)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE raw_commit (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
      }
      connection.setAutoCommit(false);
      long commits = 0;
      long started = System.nanoTime();
      long deadline = started + suite.options().duration().toNanos();
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO raw_commit (payload) VALUES (?)")) {
        while (System.nanoTime() < deadline) {
          insert.setString(1, "commit-" + commits);
          insert.executeUpdate();
          connection.commit();
          commits++;
        }
      }
      return commits / ((System.nanoTime() - started) / 1e9);
    }
  }

  /** Commits one small row per transaction from {@value #CLIENTS} connections at once. */
  private double rawPostgres(String url) throws Exception {
    try (Connection setup = DriverManager.getConnection(url, PG_USER, "");
        Statement statement = setup.createStatement()) {
      statement.execute(
          "CREATE TABLE raw_commit (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)");
    }
    AtomicLong commits = new AtomicLong();
    long started = System.nanoTime();
    long deadline = started + suite.options().duration().toNanos();
    List<Thread> threads = new ArrayList<>();
    List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int c = 0; c < CLIENTS; c++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (Connection connection = DriverManager.getConnection(url, PG_USER, "");
                        PreparedStatement insert =
                            connection.prepareStatement(
                                "INSERT INTO raw_commit (payload) VALUES (?)")) {
                      connection.setAutoCommit(false);
                      while (System.nanoTime() < deadline) {
                        insert.setString(1, "commit");
                        insert.executeUpdate();
                        connection.commit();
                        commits.incrementAndGet();
                      }
                    } catch (SQLException e) {
                      failures.add(e);
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    return commits.get() / ((System.nanoTime() - started) / 1e9);
  }

  /** Returns a new key for the secrets in the database: 32 random bytes in base64. */
  private static String secretKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return java.util.Base64.getEncoder().encodeToString(key);
  }

  private static String database(EmbeddedPostgres pg, String name) throws SQLException {
    try (Connection connection = pg.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return pg.getJdbcUrl(PG_USER, name);
  }
}
