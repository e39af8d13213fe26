package dev.junction.core.attachment;

import dev.junction.core.net.Ipv4Prefix;
import java.util.List;

/**
 * What a public attachment reaches and announces.
 *
 * @param services the provider's public services reachable over it (for example {@code S3})
 * @param peerAnnouncedPrefixes the customer's public prefixes announced to the provider
 */
public record PublicAccess(List<String> services, List<Ipv4Prefix> peerAnnouncedPrefixes) {
  public static final PublicAccess NONE = new PublicAccess(List.of(), List.of());

  public PublicAccess {
    services = List.copyOf(services);
    peerAnnouncedPrefixes = List.copyOf(peerAnnouncedPrefixes);
  }
}
