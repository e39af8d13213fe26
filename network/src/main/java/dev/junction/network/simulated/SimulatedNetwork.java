package dev.junction.network.simulated;

import static java.util.Objects.requireNonNull;

import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated network of one process: its routers, and the customers' side of their sessions. By
 * default every customer answers as configured; {@link #customerKey} makes a customer's router use
 * another MD5 key, so that its session does not come up, as with a real peer.
 */
public final class SimulatedNetwork {
  private final InstantSource clock;
  private final SimulatedTimings timings;
  private final Map<String, Optional<String>> customerKeys = new ConcurrentHashMap<>();

  public SimulatedNetwork(InstantSource clock, SimulatedTimings timings) {
    this.clock = requireNonNull(clock, "clock");
    this.timings = requireNonNull(timings, "timings");
  }

  /** Returns a new simulated router, empty, as after a reboot. */
  public SimulatedRouter router(String routerId) {
    return new SimulatedRouter(routerId, clock, timings, this);
  }

  /**
   * Makes the customer's end of attachment {@code attachmentId} use MD5 key {@code key} (empty: no
   * key), whatever the provider's side is configured with.
   */
  public void customerKey(String attachmentId, Optional<String> key) {
    customerKeys.put(attachmentId, key);
  }

  /** Makes the customer's end of {@code attachmentId} use what the provider's side uses again. */
  public void customerMatches(String attachmentId) {
    customerKeys.remove(attachmentId);
  }

  /** Returns the key the customer's end uses, if it was told one. */
  Optional<Optional<String>> customerKey(String attachmentId) {
    return Optional.ofNullable(customerKeys.get(attachmentId));
  }
}
