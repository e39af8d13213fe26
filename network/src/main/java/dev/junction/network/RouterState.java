package dev.junction.network;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Returns what a router runs and how its links and sessions are, as observed at one moment.
 *
 * @param running the configuration the router runs now
 * @param links the state of each trunk interface, by interface name
 * @param sessions the state of each BGP session, by attachment id
 */
public record RouterState(
    RouterConfig running, Map<String, LinkState> links, Map<String, SessionState> sessions) {
  public RouterState {
    requireNonNull(running, "running");
    links = Map.copyOf(links);
    sessions = Map.copyOf(sessions);
  }
}
