package dev.junction.server.config;

import dev.junction.core.access.CredentialCache;
import java.time.Duration;

/**
 * How credentials are checked.
 *
 * @param cacheStaleness how long a credential the database confirmed is trusted without asking it
 *     again (0 to 1 s; 0 asks the database on every request)
 * @param cacheEntries the most credentials kept in memory
 */
public record AccessSettings(Duration cacheStaleness, int cacheEntries) {
  /** The defaults: a credential is trusted for one second, and 10,000 are kept. */
  public static final AccessSettings DEFAULTS =
      new AccessSettings(CredentialCache.MAX_STALENESS, CredentialCache.DEFAULT_MAX_ENTRIES);

  static AccessSettings read(ConfigNode node) {
    Duration staleness = node.duration("cacheStaleness", DEFAULTS.cacheStaleness());
    if (staleness.isNegative() || staleness.compareTo(CredentialCache.MAX_STALENESS) > 0) {
      throw new ConfigException(
          node.at("cacheStaleness")
              + ": must be 0 to 1s (a revoked token must be refused within a second)");
    }
    int entries = node.integer("cacheEntries", DEFAULTS.cacheEntries());
    if (entries < 1 || entries > 1_000_000) {
      throw new ConfigException(node.at("cacheEntries") + ": must be 1-1000000");
    }
    node.rejectUnknown();
    return new AccessSettings(staleness, entries);
  }
}
