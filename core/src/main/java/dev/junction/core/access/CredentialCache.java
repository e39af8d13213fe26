package dev.junction.core.access;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Returns who a credential stands for from memory, as long as the store confirmed it less than a
 * bound ago ({@link #MAX_STALENESS} at most): a token revoked or a grant changed on any replica
 * counts from one bound after its commit on, and on this replica at once. An entry older than the
 * bound is never used: the credential is looked up in the store again. Entries in use are confirmed
 * again in the background once half the bound has passed, so a request rarely waits for the store.
 * A token's expiry is checked against the clock on every use. Only credentials the store accepted
 * are kept (a token made on another replica works at once); entries are keyed by the SHA-256 digest
 * of the secret, never the secret itself.
 */
public final class CredentialCache {
  /** The longest a credential's confirmation may be trusted. */
  public static final Duration MAX_STALENESS = Duration.ofSeconds(1);

  /** The most credentials kept by default. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  private final Identities identities;
  private final InstantSource clock;
  private final Duration staleness;
  private final Duration refreshAfter;
  private final int maxEntries;
  private final Executor refresher;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** Counts the changes made on this replica: a lookup that saw an older count keeps nothing. */
  private final AtomicLong changes = new AtomicLong();

  /**
   * Returns a cache of the credentials of {@code identities} that trusts a confirmation for {@code
   * staleness} (zero: never, every request asks the store), keeps at most {@code maxEntries}, and
   * confirms entries in use again on {@code refresher}, which may block on the store.
   */
  public CredentialCache(
      Identities identities,
      InstantSource clock,
      Duration staleness,
      int maxEntries,
      Executor refresher) {
    this.identities = requireNonNull(identities, "identities");
    this.clock = requireNonNull(clock, "clock");
    this.staleness = requireNonNull(staleness, "staleness");
    if (staleness.isNegative() || staleness.compareTo(MAX_STALENESS) > 0) {
      throw new IllegalArgumentException(
          "staleness: " + staleness + " (expected: 0 to " + MAX_STALENESS + ")");
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
    }
    this.refreshAfter = staleness.dividedBy(2);
    this.maxEntries = maxEntries;
    this.refresher = requireNonNull(refresher, "refresher");
    identities.onCredentialsChanged(this::forgetPrincipal);
  }

  /** A credential the store accepted, and when: {@code confirmedAt} is before the lookup began. */
  private record Entry(
      Identities.Verified verified,
      Instant confirmedAt,
      Supplier<Optional<Identities.Verified>> lookup,
      AtomicBoolean refreshing) {
    @Override
    public String toString() {
      return "Entry[" + verified.identity() + ", confirmedAt=" + confirmedAt + "]";
    }
  }

  /**
   * Returns who API token {@code secret} stands for if this cache can say so without the store: it
   * was confirmed less than the bound ago and has not expired. Empty means "ask the store" ({@link
   * #authenticate}), not "refused". Never blocks.
   */
  public Optional<Identity> cachedToken(String secret) {
    return cached(tokenKey(Secrets.digest(secret)));
  }

  /** Returns who {@code email} and global {@code key} stand for, as {@link #cachedToken} does. */
  public Optional<Identity> cachedGlobalKey(String email, String key) {
    return cached(globalKeyKey(email, Secrets.digest(key)));
  }

  /**
   * Returns who API token {@code secret} stands for: from this cache if it was confirmed less than
   * the bound ago, otherwise from the store (blocking). An expired token is refused without asking.
   */
  public Optional<Identity> authenticate(String secret) {
    String digest = Secrets.digest(secret);
    return authenticate(tokenKey(digest), () -> identities.verifyToken(digest));
  }

  /** Returns who {@code email} and global {@code key} stand for, as {@link #authenticate} does. */
  public Optional<Identity> authenticateGlobalKey(String email, String key) {
    String digest = Secrets.digest(key);
    return authenticate(
        globalKeyKey(email, digest), () -> identities.verifyGlobalKey(email, digest));
  }

  /** Returns how many credentials are kept. */
  public int size() {
    return entries.size();
  }

  private Optional<Identity> cached(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!fresh(entry, now) || !unexpired(entry, now)) {
      return Optional.empty();
    }
    if (!now.isBefore(entry.confirmedAt().plus(refreshAfter))
        && entry.refreshing().compareAndSet(false, true)) {
      try {
        refresher.execute(() -> refresh(key, entry));
      } catch (RejectedExecutionException e) {
        entry.refreshing().set(false);
      }
    }
    return Optional.of(entry.verified().identity());
  }

  private Optional<Identity> authenticate(
      String key, Supplier<Optional<Identities.Verified>> lookup) {
    Entry entry = entries.get(key);
    Instant now = clock.instant();
    if (entry != null && fresh(entry, now)) {
      if (!unexpired(entry, now)) {
        entries.remove(key, entry);
        return Optional.empty();
      }
      return Optional.of(entry.verified().identity());
    }
    long seen = changes.get();
    Optional<Identities.Verified> verified = lookup.get();
    if (verified.isEmpty()) {
      if (entry != null) {
        entries.remove(key, entry);
      }
      return Optional.empty();
    }
    if (!staleness.isZero()) {
      keep(key, new Entry(verified.get(), now, lookup, new AtomicBoolean()), seen);
    }
    return verified.map(Identities.Verified::identity);
  }

  /** Confirms {@code entry} against the store again, off the request path. */
  private void refresh(String key, Entry entry) {
    long seen = changes.get();
    Instant started = clock.instant();
    Optional<Identities.Verified> verified;
    try {
      verified = entry.lookup().get();
    } catch (RuntimeException e) {
      // The store is out of reach: the entry goes stale, and requests then ask the store (and get
      // its answer, 503) themselves.
      entry.refreshing().set(false);
      return;
    }
    if (verified.isEmpty()) {
      entries.remove(key, entry);
      return;
    }
    Entry confirmed = new Entry(verified.get(), started, entry.lookup(), new AtomicBoolean());
    if (entries.replace(key, entry, confirmed) && changes.get() != seen) {
      entries.remove(key, confirmed);
    }
  }

  /**
   * Keeps {@code entry} unless a change on this replica happened since the lookup began: the lookup
   * may have read the credential before that change committed.
   */
  private void keep(String key, Entry entry, long seen) {
    if (!entries.containsKey(key) && entries.size() >= maxEntries) {
      evict();
    }
    entries.put(key, entry);
    if (changes.get() != seen) {
      entries.remove(key, entry);
    }
  }

  /** Drops the stale entries, then, if still full, any until there is room for one. */
  private void evict() {
    Instant now = clock.instant();
    entries.values().removeIf(entry -> !fresh(entry, now));
    Iterator<Entry> each = entries.values().iterator();
    while (entries.size() >= maxEntries && each.hasNext()) {
      each.next();
      each.remove();
    }
  }

  /** Drops every credential of {@code principalId}: a token, grant or key of it changed here. */
  private void forgetPrincipal(String principalId) {
    changes.incrementAndGet();
    entries
        .values()
        .removeIf(entry -> entry.verified().identity().principal().id().equals(principalId));
  }

  private boolean fresh(Entry entry, Instant now) {
    // A clock that went back makes an entry look confirmed in the future: it is not trusted.
    return !now.isBefore(entry.confirmedAt()) && now.isBefore(entry.confirmedAt().plus(staleness));
  }

  private static boolean unexpired(Entry entry, Instant now) {
    return entry.verified().expiresAt().map(now::isBefore).orElse(true);
  }

  private static String tokenKey(String digest) {
    return "t:" + digest;
  }

  private static String globalKeyKey(String email, String digest) {
    return "g:" + Identities.normalEmail(email) + ":" + digest;
  }
}
