package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.access.Tenant;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replicas that start together on a fresh PostgreSQL all open their store, and the schema is
 * migrated once: Flyway holds a lock on the database while one of them migrates, and the others
 * find the work done.
 */
class ConcurrentMigrationTest {
  private static final int REPLICAS = 6;

  @Test
  void replicasStartingTogetherMigrateTheSchemaOnce() throws Exception {
    String url = TestPostgres.newDatabase();
    SecretCipher cipher = TestKeys.cipher();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Store>> opened = new ArrayList<>();
    List<Store> stores = new ArrayList<>();
    try {
      try (ExecutorService threads = Executors.newFixedThreadPool(REPLICAS)) {
        for (int i = 0; i < REPLICAS; i++) {
          Callable<Store> open =
              () -> {
                start.await();
                return PostgresStore.open(
                    url,
                    TestPostgres.USER,
                    TestPostgres.PASSWORD,
                    cipher,
                    2,
                    PostgresStore.DEFAULT_CONNECTION_TIMEOUT);
              };
          opened.add(threads.submit(open));
        }
        start.countDown();
      }
      for (Future<Store> store : opened) {
        stores.add(store.get());
      }

      List<String> applied = new ArrayList<>();
      try (Connection connection = TestPostgres.connect(url);
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT version, success FROM flyway_schema_history"
                      + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
        while (rows.next()) {
          assertThat(rows.getBoolean("success")).isTrue();
          applied.add(rows.getString("version"));
        }
      }
      assertThat(applied).as("each version once, in order").isEqualTo(shippedVersions());
      for (Store store : stores) {
        List<Tenant> tenants = store.read(ReadTx::tenants);
        assertThat(tenants).as("each store reads the migrated schema").isEmpty();
      }
    } finally {
      stores.forEach(Store::close);
    }
  }

  /** Returns the versions of the PostgreSQL migrations the store ships, in order. */
  private static List<String> shippedVersions() throws IOException, URISyntaxException {
    URL folder = ConcurrentMigrationTest.class.getResource("/db/migration/postgresql");
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.matches("V\\d+__.*\\.sql"))
          .map(name -> name.substring(1, name.indexOf("__")))
          .sorted((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
          .toList();
    }
  }
}
