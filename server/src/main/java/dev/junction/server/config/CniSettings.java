package dev.junction.server.config;

import static java.util.Objects.requireNonNull;

import dev.junction.core.net.Asn;
import java.time.Duration;

/**
 * How Cloudflare-style network interconnects are set up.
 *
 * @param gcpPartner the catalogue partner {@code gcp_partner} interconnects go through
 * @param defaultAsn the provider ASN of an account that chose none
 * @param changeWait how long a Cloudflare request that changes the network waits for the network
 *     before it is answered that the change is still being applied
 */
public record CniSettings(String gcpPartner, Asn defaultAsn, Duration changeWait) {
  /** The default change wait: well below the 60 s the Cloudflare SDKs wait for an answer. */
  public static final Duration DEFAULT_CHANGE_WAIT = Duration.ofSeconds(20);

  /** The longest change wait: with the server's margin, still below the SDKs' 60 s. */
  public static final Duration MAX_CHANGE_WAIT = Duration.ofSeconds(45);

  public CniSettings {
    requireNonNull(gcpPartner, "gcpPartner");
    requireNonNull(defaultAsn, "defaultAsn");
    requireNonNull(changeWait, "changeWait");
  }

  /** Returns these settings with {@code wait} as the change wait. */
  public CniSettings withChangeWait(Duration wait) {
    return new CniSettings(gcpPartner, defaultAsn, wait);
  }
}
