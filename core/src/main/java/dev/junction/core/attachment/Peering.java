package dev.junction.core.attachment;

import static java.util.Objects.requireNonNull;

import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.Ipv4Prefix;
import java.util.Optional;

/**
 * The IPv4 peering of an attachment: a point-to-point subnet, the two ends, and, when it has a BGP
 * session, both ASNs and an optional MD5 key.
 *
 * @param peerIp the customer's end
 * @param cloudIp the provider's end
 * @param peerAsn the customer's ASN; empty when the attachment has no BGP session
 * @param cloudAsn the provider's ASN on this session, fixed when the attachment was created
 */
public record Peering(
    Ipv4Prefix subnet,
    Ipv4Address peerIp,
    Ipv4Address cloudIp,
    Optional<Asn> peerAsn,
    Asn cloudAsn,
    Optional<Md5Key> md5Key) {
  public Peering {
    requireNonNull(subnet, "subnet");
    requireNonNull(peerIp, "peerIp");
    requireNonNull(cloudIp, "cloudIp");
    requireNonNull(peerAsn, "peerAsn");
    requireNonNull(cloudAsn, "cloudAsn");
    requireNonNull(md5Key, "md5Key");
  }
}
