package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

/**
 * A fault the operator injected into a simulated router. Faults are part of the router's desired
 * state, so that whichever replica runs the router applies them.
 *
 * @param target an interface name, an attachment id or the router id, by {@code kind}
 */
public record NetworkFault(String routerId, FaultKind kind, String target, String reason) {
  public NetworkFault {
    requireNonNull(routerId, "routerId");
    requireNonNull(kind, "kind");
    requireNonNull(target, "target");
    requireNonNull(reason, "reason");
  }
}
