package dev.junction.server.config;

import dev.junction.core.net.Asn;

/**
 * How Cloudflare-style network interconnects are set up.
 *
 * @param gcpPartner the catalogue partner {@code gcp_partner} interconnects go through
 * @param defaultAsn the provider ASN of an account that chose none
 */
public record CniSettings(String gcpPartner, Asn defaultAsn) {}
