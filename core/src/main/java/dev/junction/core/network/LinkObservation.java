package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

/**
 * Whether a link (a trunk's interface or an attachment's sub-interface) is operationally up, as the
 * router reports it.
 *
 * @param reason a short machine-readable reason, such as {@code LinkUp}, {@code NoCarrier} or
 *     {@code NotFound}
 * @param message a human-readable detail, empty if none
 */
public record LinkObservation(boolean up, String reason, String message) {
  public LinkObservation {
    requireNonNull(reason, "reason");
    requireNonNull(message, "message");
  }
}
