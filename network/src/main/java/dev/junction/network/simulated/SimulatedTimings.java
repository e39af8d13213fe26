package dev.junction.network.simulated;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long simulated routers take: to start running a change they were given, to bring a newly
 * configured link up, and to establish a newly configured BGP session once its link is up.
 */
public record SimulatedTimings(Duration apply, Duration linkUp, Duration bgpEstablish) {
  public static final SimulatedTimings DEFAULTS =
      new SimulatedTimings(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));

  public SimulatedTimings {
    requireNonNull(apply, "apply");
    requireNonNull(linkUp, "linkUp");
    requireNonNull(bgpEstablish, "bgpEstablish");
    if (apply.isNegative() || linkUp.isNegative() || bgpEstablish.isNegative()) {
      throw new IllegalArgumentException("simulated delays must not be negative");
    }
  }
}
