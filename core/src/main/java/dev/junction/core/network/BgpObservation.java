package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The state of one BGP session as the router reports it.
 *
 * @param state the BGP state: {@code Idle}, {@code Connect}, {@code Active}, {@code OpenSent},
 *     {@code OpenConfirm} or {@code Established}; {@code Down} when the protocol is shut down
 * @param since when the session entered this state
 * @param lastError the router's last error on this session (an MD5 failure, a hold timer expiry),
 *     empty if none
 * @param routesImported the routes received from the customer and accepted
 * @param routesExported the routes announced to the customer
 */
public record BgpObservation(
    String state, Instant since, String lastError, long routesImported, long routesExported) {
  public static final String ESTABLISHED = "Established";

  public BgpObservation {
    requireNonNull(state, "state");
    requireNonNull(since, "since");
    requireNonNull(lastError, "lastError");
  }

  public boolean established() {
    return ESTABLISHED.equals(state);
  }
}
