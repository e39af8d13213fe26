package dev.junction.network;

import static java.util.Objects.requireNonNull;

/**
 * Returns whether a router interface is operationally up.
 *
 * @param reason a short machine-readable reason, such as {@code LinkUp} or {@code NoLight}
 * @param message a human-readable detail
 */
public record LinkState(boolean up, String reason, String message) {
  public LinkState {
    requireNonNull(reason, "reason");
    requireNonNull(message, "message");
  }
}
