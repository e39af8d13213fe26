package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a write tells the other processes which routers it changed once it has committed,
 * in a transaction of its own: a notification inside the write's transaction made its commit wait
 * for every other notifying commit, with the routers' sequence rows still held. Watched on the
 * pool's real connections; another store on the database still hears the change, and that
 * operations are due, both named in one statement.
 */
class PostgresAnnouncementTest {
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  @Test
  void announcesARoutersChangeAfterTheWriteCommittedAndAnotherStoreHearsIt() throws Exception {
    String url = TestPostgres.newDatabase();
    try (JdbcStore store =
            PostgresStore.open(
                url,
                TestPostgres.USER,
                TestPostgres.PASSWORD,
                TestKeys.cipher(),
                4,
                Duration.ofSeconds(5),
                1,
                driver -> WatchedDataSource.of(driver, this::record));
        JdbcStore other =
            PostgresStore.open(url, TestPostgres.USER, TestPostgres.PASSWORD, TestKeys.cipher())) {
      Fixtures.loadCatalogue(store);
      CompletableFuture<String> heard = new CompletableFuture<>();
      CompletableFuture<Void> heardDue = new CompletableFuture<>();
      other.onRouterChanged(heard::complete);
      other.onOperationsDue(() -> heardDue.complete(null));
      calls.clear();

      store.write(
          tx -> {
            tx.insertTrunk(
                Fixtures.trunk("t1", "scope-a", "trunk", Fixtures.PORT_1), Fixtures.ROUTER);
            tx.insertOperation(Fixtures.operation("op-1", "t1", Fixtures.T0));
            return null;
          });

      List<String> seen = List.copyOf(calls);
      assertThat(seen).containsSubsequence("write", "commit", "notify");
      assertThat(seen.subList(0, seen.indexOf("commit")))
          .as("nothing announced inside the write's transaction")
          .contains("write")
          .doesNotContain("notify");
      assertThat(seen.stream().filter("notify"::equals))
          .as("the router and the operations named in one statement")
          .hasSize(1);
      assertThat(heard.get(10, TimeUnit.SECONDS)).isEqualTo(Fixtures.ROUTER);
      heardDue.get(10, TimeUnit.SECONDS);
    }
  }

  private void record(Method method, Object[] args) {
    switch (method.getName()) {
      case "commit" -> calls.add("commit");
      case "prepareStatement" -> {
        String sql = ((String) args[0]).strip().toUpperCase(Locale.ROOT);
        if (sql.contains("PG_NOTIFY")) {
          calls.add("notify");
        } else if (sql.startsWith("INSERT") || sql.startsWith("UPDATE")) {
          calls.add("write");
        }
      }
      default -> {}
    }
  }
}
