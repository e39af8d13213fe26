package dev.junction.core.attachment;

import static java.util.Objects.requireNonNull;

import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.problem.Violations;
import dev.junction.core.resource.Description;
import java.util.List;
import java.util.Optional;

/**
 * A peering as a caller wrote it, before validation. Empty strings and 0 mean "not given".
 *
 * <p>The rules: the subnet is an IPv4 /30 or /31 with host bits zero, inside 10.0.0.0/8,
 * 172.16.0.0/12, 192.168.0.0/16 or 169.254.0.0/16; both ends are bare addresses inside it,
 * distinct, and on a /30 neither is the network or broadcast address; the peer ASN is a usable
 * number (see {@link Asn#unusableReason()}) other than the provider's; the MD5 key has at most
 * {@value Md5Key#MAX_LENGTH} characters.
 */
public record PeeringDraft(
    String subnet, String peerIp, String cloudIp, long peerAsn, String md5Key) {
  static final List<Ipv4Prefix> ALLOWED_RANGES =
      List.of(
          Ipv4Prefix.of("10.0.0.0/8"),
          Ipv4Prefix.of("172.16.0.0/12"),
          Ipv4Prefix.of("192.168.0.0/16"),
          Ipv4Prefix.of("169.254.0.0/16"));

  public PeeringDraft {
    requireNonNull(subnet, "subnet");
    requireNonNull(peerIp, "peerIp");
    requireNonNull(cloudIp, "cloudIp");
    requireNonNull(md5Key, "md5Key");
  }

  /** Returns the draft of an existing peering, for updates that keep some of it. */
  public static PeeringDraft of(Peering peering) {
    return new PeeringDraft(
        peering.subnet().toString(),
        peering.peerIp().toString(),
        peering.cloudIp().toString(),
        peering.peerAsn().map(Asn::value).orElse(0L),
        peering.md5Key().map(Md5Key::reveal).orElse(""));
  }

  /**
   * Returns the peering this draft describes, or empty after adding every broken rule to {@code
   * violations} under {@code field}.
   */
  public Optional<Peering> validate(String field, Asn cloudAsn, Violations violations) {
    Optional<Ipv4Prefix> prefix = validSubnet(field + ".subnet", violations);
    Optional<Ipv4Address> peer = validEnd(field + ".peer_ip", peerIp, prefix, violations);
    Optional<Ipv4Address> cloud = validEnd(field + ".cloud_ip", cloudIp, prefix, violations);
    if (peer.isPresent() && cloud.isPresent() && peer.get().equals(cloud.get())) {
      violations.add(field + ".cloud_ip", "must differ from the peer address " + peer.get());
      cloud = Optional.empty();
    }
    Optional<Asn> asn = validAsn(field + ".peer_asn", cloudAsn, violations);
    boolean keyFits =
        Description.checkLength(field + ".md5_key", md5Key, Md5Key.MAX_LENGTH, violations);
    if (prefix.isEmpty() || peer.isEmpty() || cloud.isEmpty() || asn.isEmpty() || !keyFits) {
      return Optional.empty();
    }
    Optional<Md5Key> key = md5Key.isEmpty() ? Optional.empty() : Optional.of(Md5Key.of(md5Key));
    return Optional.of(new Peering(prefix.get(), peer.get(), cloud.get(), asn, cloudAsn, key));
  }

  private Optional<Ipv4Prefix> validSubnet(String field, Violations violations) {
    if (subnet.isEmpty()) {
      violations.add(field, "is required");
      return Optional.empty();
    }
    Optional<Ipv4Prefix> parsed = Ipv4Prefix.parse(subnet);
    if (parsed.isEmpty()) {
      violations.add(field, "must be an IPv4 prefix a.b.c.d/n (got \"" + subnet + "\")");
      return Optional.empty();
    }
    Ipv4Prefix prefix = parsed.get();
    if (prefix.length() != 30 && prefix.length() != 31) {
      violations.add(field, "must be a /30 or /31 (got /" + prefix.length() + ")");
      return Optional.empty();
    }
    if (prefix.hasHostBitsSet()) {
      violations.add(
          field,
          "must have its host bits zero ("
              + prefix
              + " is inside "
              + prefix.network()
              + "/"
              + prefix.length()
              + ")");
      return Optional.empty();
    }
    if (ALLOWED_RANGES.stream().noneMatch(range -> range.contains(prefix))) {
      violations.add(
          field,
          "must be inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 169.254.0.0/16 (got "
              + prefix
              + ")");
      return Optional.empty();
    }
    return Optional.of(prefix);
  }

  private static Optional<Ipv4Address> validEnd(
      String field, String text, Optional<Ipv4Prefix> subnet, Violations violations) {
    if (text.isEmpty()) {
      violations.add(field, "is required");
      return Optional.empty();
    }
    Optional<Ipv4Address> parsed = Ipv4Address.parse(text);
    if (parsed.isEmpty()) {
      violations.add(
          field, "must be an IPv4 address a.b.c.d without a mask (got \"" + text + "\")");
      return Optional.empty();
    }
    if (subnet.isEmpty()) {
      return parsed;
    }
    Ipv4Address address = parsed.get();
    Ipv4Prefix prefix = subnet.get();
    if (!prefix.contains(address)) {
      violations.add(
          field, "must be inside the peering subnet " + prefix + " (got " + address + ")");
      return Optional.empty();
    }
    if (prefix.length() == 30
        && (address.equals(prefix.network()) || address.equals(prefix.broadcast()))) {
      violations.add(
          field,
          "must not be the network or broadcast address of the /30 "
              + prefix
              + " (got "
              + address
              + ")");
      return Optional.empty();
    }
    return parsed;
  }

  private Optional<Asn> validAsn(String field, Asn cloudAsn, Violations violations) {
    if (peerAsn == 0) {
      violations.add(field, "is required");
      return Optional.empty();
    }
    return Asn.validPeer(field, peerAsn, cloudAsn, violations);
  }
}
