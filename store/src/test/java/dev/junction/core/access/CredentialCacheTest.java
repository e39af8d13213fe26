package dev.junction.core.access;

import static dev.junction.core.CoreHarness.caller;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.operation.Ids;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.WriteTx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credential cache over a real SQLite store, counting the store's reads: what it answers from
 * memory, and when it must ask the store. {@code here} is this replica's use cases (the cache hears
 * its changes); {@code elsewhere} plays another replica on the same database.
 */
class CredentialCacheTest {
  private static final Duration BOUND = Duration.ofSeconds(1);

  @TempDir Path dir;
  private CoreHarness harness;
  private final AtomicInteger reads = new AtomicInteger();
  private final Queue<Runnable> background = new ArrayDeque<>();
  private Identities here;
  private Identities elsewhere;
  private CredentialCache cache;
  private Principal ann;

  /** The real store, with its read transactions counted. */
  private final class CountingStore implements Store {
    private final Store store;

    CountingStore(Store store) {
      this.store = store;
    }

    @Override
    public <T> T read(Function<ReadTx, T> work) {
      reads.incrementAndGet();
      return store.read(work);
    }

    @Override
    public <T> T write(Function<WriteTx, T> work) {
      return store.write(work);
    }

    @Override
    public void onRouterChanged(Consumer<String> listener) {
      store.onRouterChanged(listener);
    }

    @Override
    public void onOperationsDue(Runnable listener) {
      store.onOperationsDue(listener);
    }

    @Override
    public void close() {
      store.close();
    }
  }

  @BeforeEach
  void open() {
    harness = new CoreHarness(Engine.SQLITE, dir);
    elsewhere = harness.useCases.identities();
    here = new Identities(new CountingStore(harness.store), harness.clock, Ids.random());
    cache = new CredentialCache(here, harness.clock, BOUND, 100, background::add);
    Tenant acme = elsewhere.createTenant(caller(), "acme");
    elsewhere.addScope(caller(), acme.id(), "folder-a");
    ann =
        elsewhere.createPrincipal(
            caller(), acme.id(), PrincipalKind.USER, "ann", Optional.of("ann@acme.test"), false);
    elsewhere.grant(caller(), ann.id(), "folder-a", "viewer");
  }

  @AfterEach
  void close() {
    harness.close();
  }

  private String token(Optional<Duration> ttl) {
    return elsewhere.createToken(caller(), ann.id(), "laptop", ttl).secret();
  }

  @Test
  void servesAConfirmedTokenWithoutReadingTheStore() {
    String secret = token(Optional.empty());
    assertThat(cache.cachedToken(secret)).as("nothing is known before the first lookup").isEmpty();
    assertThat(cache.authenticate(secret)).isPresent();
    assertThat(reads).hasValue(1);

    harness.clock.tick(Duration.ofMillis(400));
    for (int i = 0; i < 100; i++) {
      assertThat(cache.cachedToken(secret).orElseThrow().principal().id()).isEqualTo(ann.id());
      assertThat(cache.authenticate(secret)).isPresent();
    }
    assertThat(reads).as("hits read nothing").hasValue(1);
    assertThat(background).as("nothing to confirm before half the bound").isEmpty();
  }

  @Test
  void asksTheStoreAgainOnceAnEntryIsPastTheBound() {
    String secret = token(Optional.empty());
    cache.authenticate(secret);
    elsewhere.revokeToken(caller(), tokenId(secret));

    harness.clock.tick(Duration.ofMillis(999));
    assertThat(cache.cachedToken(secret))
        .as("within the bound, another replica's revoke is not known yet")
        .isPresent();
    background.clear();

    harness.clock.tick(Duration.ofMillis(1));
    assertThat(cache.cachedToken(secret)).as("past the bound, memory says nothing").isEmpty();
    int before = reads.get();
    assertThat(cache.authenticate(secret)).as("the store has it revoked").isEmpty();
    assertThat(reads).hasValue(before + 1);
    assertThat(cache.size()).isZero();
  }

  @Test
  void confirmsAnEntryInUseInTheBackgroundBeforeItGoesStale() {
    String secret = token(Optional.empty());
    cache.authenticate(secret);
    harness.clock.tick(Duration.ofMillis(600));
    assertThat(cache.cachedToken(secret)).isPresent();
    assertThat(background).as("one confirmation, however many hits").hasSize(1);
    assertThat(cache.cachedToken(secret)).isPresent();
    assertThat(background).hasSize(1);
    int before = reads.get();
    background.remove().run();
    assertThat(reads).hasValue(before + 1);

    harness.clock.tick(Duration.ofMillis(700));
    assertThat(cache.cachedToken(secret))
        .as("1.3 s after the first lookup, 0.7 s after the confirmation")
        .isPresent();

    elsewhere.revokeToken(caller(), tokenId(secret));
    harness.clock.tick(Duration.ofMillis(100));
    assertThat(background).hasSize(1);
    background.remove().run();
    assertThat(cache.cachedToken(secret))
        .as("a confirmation that finds the token revoked drops it")
        .isEmpty();
    assertThat(cache.authenticate(secret)).isEmpty();
  }

  @Test
  void refusesAnExpiredTokenAtOnceWithoutTheStore() {
    String secret = token(Optional.of(Duration.ofMillis(500)));
    harness.clock.tick(Duration.ofMillis(100));
    assertThat(cache.authenticate(secret)).isPresent();
    int before = reads.get();

    harness.clock.tick(Duration.ofMillis(399));
    assertThat(cache.cachedToken(secret)).isPresent();
    harness.clock.tick(Duration.ofMillis(1));
    assertThat(cache.cachedToken(secret)).as("expired, though confirmed 0.4 s ago").isEmpty();
    assertThat(cache.authenticate(secret)).isEmpty();
    assertThat(reads).as("the expiry is the entry's own").hasValue(before);
  }

  @Test
  void refusesATokenRevokedOnThisReplicaAtOnce() {
    String secret = token(Optional.empty());
    String other = token(Optional.empty());
    cache.authenticate(secret);
    cache.authenticate(other);
    here.revokeToken(caller(), tokenId(secret));

    assertThat(cache.cachedToken(secret)).isEmpty();
    assertThat(cache.authenticate(secret)).isEmpty();
    assertThat(cache.authenticate(other)).as("the principal's other token").isPresent();
  }

  @Test
  void seesAGrantChangedOnThisReplicaAtOnce() {
    String secret = token(Optional.empty());
    assertThat(cache.authenticate(secret).orElseThrow().access().canWrite("folder-a")).isFalse();
    here.grant(caller(), ann.id(), "folder-a", "editor");
    assertThat(cache.cachedToken(secret)).isEmpty();
    assertThat(cache.authenticate(secret).orElseThrow().access().canWrite("folder-a")).isTrue();
  }

  @Test
  void keepsNoFailedLookupAndServesANewTokenAtOnce() {
    String secret = token(Optional.empty());
    assertThat(cache.authenticate(secret + "x")).isEmpty();
    assertThat(cache.authenticate(secret + "x")).isEmpty();
    assertThat(cache.size()).isZero();
    assertThat(cache.authenticate(secret)).isPresent();
  }

  @Test
  void servesAGlobalKeyFromMemoryUntilItIsReplacedHere() {
    String key = elsewhere.createGlobalKey(caller(), ann.id());
    assertThat(cache.authenticateGlobalKey("Ann@acme.test", key)).isPresent();
    int before = reads.get();
    assertThat(cache.cachedGlobalKey("ann@acme.test", key)).isPresent();
    assertThat(cache.cachedGlobalKey("ann@acme.test", key + "x")).isEmpty();
    assertThat(reads).hasValue(before);

    here.createGlobalKey(caller(), ann.id());
    assertThat(cache.cachedGlobalKey("ann@acme.test", key)).isEmpty();
    assertThat(cache.authenticateGlobalKey("ann@acme.test", key)).isEmpty();
  }

  @Test
  void keepsAtMostItsSizeAndTrustsNothingWithAZeroBound() {
    for (int i = 0; i < 150; i++) {
      cache.authenticate(token(Optional.empty()));
    }
    assertThat(cache.size()).isLessThanOrEqualTo(100);

    CredentialCache none =
        new CredentialCache(here, harness.clock, Duration.ZERO, 100, background::add);
    String secret = token(Optional.empty());
    int before = reads.get();
    assertThat(none.authenticate(secret)).isPresent();
    assertThat(none.authenticate(secret)).isPresent();
    assertThat(none.cachedToken(secret)).isEmpty();
    assertThat(reads).hasValue(before + 2);
  }

  private String tokenId(String secret) {
    return elsewhere.authenticate(secret).orElseThrow().credentialId();
  }
}
