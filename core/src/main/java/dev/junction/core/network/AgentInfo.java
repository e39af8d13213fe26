package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

/**
 * Who drives a router: the driver ({@code simulated}, {@code bird}), the agent's version and the
 * host it runs on.
 */
public record AgentInfo(String driver, String version, String host) {
  public AgentInfo {
    requireNonNull(driver, "driver");
    requireNonNull(version, "version");
    requireNonNull(host, "host");
  }
}
