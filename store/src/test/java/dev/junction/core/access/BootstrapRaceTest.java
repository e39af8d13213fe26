package dev.junction.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.operation.Ids;
import dev.junction.core.store.Store;
import dev.junction.store.PostgresStore;
import dev.junction.store.SecretCipher;
import dev.junction.store.SqliteStore;
import dev.junction.store.TestKeys;
import dev.junction.store.TestPostgres;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas that bootstrap the operator at once, each with credentials of its own: the database
 * decides which is first, and every replica then accepts that one's credentials and no other's.
 */
class BootstrapRaceTest {
  private static final int REPLICAS = 4;
  private static final int STARTS_PER_REPLICA = 8;

  @TempDir Path dir;

  /** One start: its credentials and what its bootstrap answered. */
  private record Start(String token, String key, Identities.Bootstrapped outcome) {}

  @Test
  void oneOfManyReplicasStartingAtOnceBootstrapsTheOperatorOnPostgresql() throws Exception {
    String url = TestPostgres.newDatabase();
    SecretCipher cipher = TestKeys.cipher();
    List<Store> replicas = new ArrayList<>();
    try {
      for (int i = 0; i < REPLICAS; i++) {
        replicas.add(
            PostgresStore.open(
                url,
                TestPostgres.USER,
                TestPostgres.PASSWORD,
                cipher,
                4,
                PostgresStore.DEFAULT_CONNECTION_TIMEOUT));
      }
      provesOneBootstrap(replicas);
    } finally {
      replicas.forEach(Store::close);
    }
  }

  @Test
  void oneOfManyStartsAtOnceBootstrapsTheOperatorOnSqlite() throws Exception {
    try (Store store = SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher())) {
      provesOneBootstrap(List.of(store));
    }
  }

  private static void provesOneBootstrap(List<Store> replicas) throws Exception {
    List<Identities> identities =
        replicas.stream()
            .map(store -> new Identities(store, InstantSource.system(), Ids.random()))
            .toList();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Start>> starts = new ArrayList<>();
    int count = Math.max(REPLICAS, replicas.size()) * STARTS_PER_REPLICA;
    try (ExecutorService threads = Executors.newFixedThreadPool(count)) {
      for (int i = 0; i < count; i++) {
        Identities replica = identities.get(i % identities.size());
        String token = Secrets.newSecret(Identities.TOKEN_PREFIX);
        String key = Secrets.newSecret(Identities.GLOBAL_KEY_PREFIX);
        Callable<Start> bootstrap =
            () -> {
              start.await();
              return new Start(token, key, replica.bootstrap("Admin@Example.net", token, key));
            };
        starts.add(threads.submit(bootstrap));
      }
      start.countDown();
    }
    List<Start> done = new ArrayList<>();
    for (Future<Start> future : starts) {
      done.add(future.get());
    }

    List<Start> tokenWinners = done.stream().filter(s -> s.outcome().tokenStored()).toList();
    List<Start> keyWinners = done.stream().filter(s -> s.outcome().globalKeyStored()).toList();
    assertThat(tokenWinners).as("starts that stored the token").hasSize(1);
    assertThat(keyWinners).as("starts that stored the global key").hasSize(1);
    String token = tokenWinners.get(0).token();
    String key = keyWinners.get(0).key();
    for (Start each : done) {
      assertThat(each.outcome().tokenAccepted())
          .as("a start's token is accepted exactly when it is the stored one")
          .isEqualTo(each.token().equals(token));
      assertThat(each.outcome().globalKeyAccepted())
          .as("a start's global key is accepted exactly when it is the stored one")
          .isEqualTo(each.key().equals(key));
    }

    Store store = replicas.get(0);
    List<Principal> principals =
        store.read(tx -> tx.principals(Optional.of(Identities.PROVIDER_TENANT)));
    assertThat(principals)
        .singleElement()
        .satisfies(operator -> assertThat(operator.id()).isEqualTo(Identities.BOOTSTRAP_OPERATOR));
    List<Tenant> tenants = store.read(tx -> tx.tenants());
    assertThat(tenants).hasSize(1);
    List<ApiToken> tokens = store.read(tx -> tx.tokens(Optional.of(Identities.BOOTSTRAP_OPERATOR)));
    assertThat(tokens)
        .singleElement()
        .satisfies(stored -> assertThat(stored.id()).isEqualTo(Identities.BOOTSTRAP_TOKEN));

    String loserToken =
        done.stream().map(Start::token).filter(t -> !t.equals(token)).findFirst().orElseThrow();
    String loserKey =
        done.stream().map(Start::key).filter(k -> !k.equals(key)).findFirst().orElseThrow();
    for (Identities replica : identities) {
      assertThat(replica.authenticate(token))
          .get()
          .satisfies(who -> assertThat(who.principal().operator()).isTrue());
      assertThat(replica.authenticateGlobalKey("admin@example.net", key)).isPresent();
      assertThat(replica.authenticate(loserToken)).isEmpty();
      assertThat(replica.authenticateGlobalKey("admin@example.net", loserKey)).isEmpty();
    }
  }

  @Test
  void aLaterStartKeepsTheStoredCredentialsAndReportsItsOwnAsRefused() throws Exception {
    try (Store store = SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher())) {
      Identities identities = new Identities(store, InstantSource.system(), Ids.random());
      Identities.Bootstrapped first = identities.bootstrap("admin@example.net", "jct_a", "jck_a");
      Identities.Bootstrapped again = identities.bootstrap("admin@example.net", "jct_a", "jck_a");
      Identities.Bootstrapped other = identities.bootstrap("admin@example.net", "jct_b", "jck_b");

      assertThat(first).isEqualTo(new Identities.Bootstrapped(true, true, true, true));
      assertThat(again).isEqualTo(new Identities.Bootstrapped(false, true, false, true));
      assertThat(other).isEqualTo(new Identities.Bootstrapped(false, false, false, false));
      assertThat(identities.authenticateGlobalKey("admin@example.net", "jck_a")).isPresent();
      assertThat(identities.authenticateGlobalKey("admin@example.net", "jck_b")).isEmpty();
    }
  }
}
