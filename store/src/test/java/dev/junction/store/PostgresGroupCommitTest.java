package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Group commit on a real PostgreSQL; each test gets a new database. */
class PostgresGroupCommitTest extends GroupCommitContractTest {
  private String url;

  @Override
  protected JdbcStore newStore() throws Exception {
    url = TestPostgres.newDatabase();
    return reopen();
  }

  @Override
  protected JdbcStore reopen() {
    return PostgresStore.open(
        url,
        TestPostgres.USER,
        TestPostgres.PASSWORD,
        TestKeys.cipher(),
        PostgresStore.DEFAULT_POOL_SIZE,
        PostgresStore.DEFAULT_CONNECTION_TIMEOUT,
        JdbcStore.MAX_BATCH,
        UnaryOperator.identity());
  }

  @Test
  void runsTheWritesOfABatchUndoneForADeadlockAgainEachAlone() throws Exception {
    Fixtures.loadCatalogue(store);
    store.write(
        tx -> {
          tx.insertTrunk(Fixtures.trunk("t1", "scope-a", "one", Fixtures.PORT_1), Fixtures.ROUTER);
          tx.insertTrunk(Fixtures.trunk("t2", "scope-a", "two", Fixtures.PORT_2), Fixtures.ROUTER);
          return null;
        });
    try (Connection other = TestPostgres.connect(url)) {
      other.setAutoCommit(false);
      try (Statement statement = other.createStatement()) {
        // Only the batch's session looks for the cycle (after the default second), so the
        // database undoes the batch rather than this transaction.
        statement.execute("SET deadlock_timeout = '10min'");
        statement.executeQuery("SELECT id FROM trunks WHERE id = 't2' FOR UPDATE").close();
      }
      CountDownLatch firstHoldsT1 = new CountDownLatch(1);
      AtomicInteger secondRuns = new AtomicInteger();
      List<Future<?>> blockers = occupyEveryLane();
      long commitsBefore = store.commits();
      Future<String> first =
          queue(
              1,
              tx -> {
                tx.lockTrunk("t1");
                firstHoldsT1.countDown();
                return "first";
              });
      Future<String> second =
          queue(
              2,
              tx -> {
                secondRuns.incrementAndGet();
                tx.lockTrunk("t2");
                return "second";
              });
      releaseLanes();
      firstHoldsT1.await();
      // The batch holds t1 and waits for t2; this transaction holds t2 and now waits for t1.
      try (Statement statement = other.createStatement()) {
        statement.executeQuery("SELECT id FROM trunks WHERE id = 't1' FOR UPDATE").close();
      }
      other.commit();
      for (Future<?> blocker : blockers) {
        blocker.get();
      }

      assertThat(first.get()).isEqualTo("first");
      assertThat(second.get()).isEqualTo("second");
      assertThat(secondRuns).as("runs: in the batch undone, then alone").hasValue(2);
      assertThat(store.commits() - commitsBefore)
          .as("the blockers' commits, then one for each write run again alone")
          .isEqualTo(store.lanes() + 2L);
    }
  }

  /** A constraint trigger, deferred to the commit, raises for a tenant with that name. */
  @Override
  protected void refuseAtCommitTenantsNamed(String name) throws Exception {
    try (Connection connection = TestPostgres.connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE FUNCTION refuse_tenant() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " IF NEW.name = '"
              + name
              + "' THEN RAISE EXCEPTION 'tenant refused at commit'; END IF; RETURN NEW; END $$");
      statement.execute(
          "CREATE CONSTRAINT TRIGGER refuse_tenant AFTER INSERT ON tenants"
              + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_tenant()");
    }
  }
}
