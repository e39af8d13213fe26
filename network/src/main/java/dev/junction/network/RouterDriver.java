package dev.junction.network;

/**
 * Returns the state of routers and gives them configurations: the seam between the reconciler and
 * real (BIRD) or simulated routers. Implementations must make {@link #apply} idempotent: applying
 * the configuration a router already runs or is about to run changes nothing.
 */
public interface RouterDriver {

  /** Returns what router {@code routerId} runs and how its links and sessions are now. */
  RouterState observe(String routerId);

  /**
   * Gives {@code config} to its router.
   *
   * @throws RuntimeException if the router could not be reached; the reconciler retries later
   */
  ApplyResult apply(RouterConfig config);
}
