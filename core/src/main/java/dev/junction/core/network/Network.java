package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

/**
 * The network's use cases: the desired-state feed agents pull, the reports they push and the
 * ownership of routers, what the APIs show, the simulated network's faults, and the agents'
 * credentials.
 */
public record Network(
    DesiredState desired,
    ObservedState observed,
    NetworkView view,
    Faults faults,
    AgentCredentials agents) {
  public Network {
    requireNonNull(desired, "desired");
    requireNonNull(observed, "observed");
    requireNonNull(view, "view");
    requireNonNull(faults, "faults");
    requireNonNull(agents, "agents");
  }
}
