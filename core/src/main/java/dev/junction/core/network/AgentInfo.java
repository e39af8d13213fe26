package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Who drives a router: the driver ({@code simulated}, {@code bird}), the agent's version, the host
 * it runs on, and the settings its driver renders with (such as BIRD's connect delay), so that the
 * server can render a router's plan exactly as its agent would.
 */
public record AgentInfo(String driver, String version, String host, Map<String, String> settings) {
  public AgentInfo {
    requireNonNull(driver, "driver");
    requireNonNull(version, "version");
    requireNonNull(host, "host");
    settings = Map.copyOf(settings);
  }
}
