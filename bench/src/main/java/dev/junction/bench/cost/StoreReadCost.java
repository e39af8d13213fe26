package dev.junction.bench.cost;

import dev.junction.store.JdbcStore;
import dev.junction.store.SecretCipher;
import dev.junction.store.SqliteStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;

/**
 * The CPU time of the store's read of one private connection (with its MD5 key), as the GET paths
 * read it: one read transaction from the pool, the row, its JSON columns and its key. It is this
 * thread's CPU time per read, which other work on a shared machine does not inflate as it does a
 * rate. Run by {@code bench/read-pieces.sh} on a copy of a data directory the suite prepared, with
 * this checkout's store or another build's (only public API of the store is used, so a build from
 * before a change runs it too).
 */
public final class StoreReadCost {
  private StoreReadCost() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String[] ring = Files.readString(dir.resolve("secret-keys")).trim().split("\\s+");
    SecretCipher cipher =
        SecretCipher.of(ring[0], Map.of(ring[0], Base64.getDecoder().decode(ring[1])));
    Path file = dir.resolve("junction.db");
    String id;
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT id FROM attachments WHERE kind = 'PRIVATE' AND md5_key IS NOT NULL"
                    + " ORDER BY seq LIMIT 1")) {
      if (!row.next()) {
        throw new IllegalStateException("no private connection with an MD5 key in " + file);
      }
      id = row.getString(1);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int reads = 20_000;
    try (JdbcStore store = SqliteStore.open(file, cipher)) {
      for (int i = 0; i < reads; i++) {
        store.read(tx -> tx.attachment(id)).orElseThrow();
      }
      double best = Double.MAX_VALUE;
      for (int round = 0; round < 7; round++) {
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < reads; i++) {
          store.read(tx -> tx.attachment(id)).orElseThrow();
        }
        best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / 1_000.0 / reads);
      }
      System.out.printf(
          "store read of one private connection: %.1f us CPU (best of 7 x %d)%n", best, reads);
    }
  }
}
