package dev.junction.network;

import static java.util.Objects.requireNonNull;

/**
 * Returns the state of one BGP session as the router reports it.
 *
 * @param state the BGP finite-state-machine state: {@code Idle}, {@code Connect}, {@code Active},
 *     {@code OpenSent}, {@code OpenConfirm} or {@code Established}
 * @param message the router's last error or a detail, empty if none
 */
public record SessionState(String state, String message, long prefixesReceived) {
  public static final String ESTABLISHED = "Established";

  public SessionState {
    requireNonNull(state, "state");
    requireNonNull(message, "message");
  }

  public boolean established() {
    return ESTABLISHED.equals(state);
  }
}
