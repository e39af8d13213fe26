package dev.junction.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.network.RouterIntent;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.TrunkIntent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration one router should run, derived from its intent: the trunks and sessions that
 * are present, and a manifest of every subject's revision (removed ones included), so that a router
 * running this configuration can say which revisions it has applied.
 *
 * @param manifest the revision of every trunk and attachment this configuration accounts for
 * @param hash a digest of everything above, to tell whether a router already runs it
 */
public record RouterConfig(
    String routerId,
    List<TrunkIntent> trunks,
    List<SessionIntent> sessions,
    Map<String, Long> manifest,
    String hash) {
  public RouterConfig {
    requireNonNull(routerId, "routerId");
    trunks = List.copyOf(trunks);
    sessions = List.copyOf(sessions);
    manifest = Map.copyOf(manifest);
    requireNonNull(hash, "hash");
  }

  /** Returns the configuration that realizes {@code intent}. */
  public static RouterConfig of(RouterIntent intent) {
    List<TrunkIntent> trunks = intent.trunks().stream().filter(TrunkIntent::present).toList();
    List<SessionIntent> sessions =
        intent.sessions().stream().filter(SessionIntent::present).toList();
    Map<String, Long> manifest = new TreeMap<>();
    intent.trunks().forEach(t -> manifest.put(t.trunkId(), t.revision()));
    intent.sessions().forEach(s -> manifest.put(s.attachmentId(), s.revision()));
    return new RouterConfig(
        intent.router().id(), trunks, sessions, manifest, digest(trunks, sessions, manifest));
  }

  /** Returns an empty configuration, what a router runs before it is first configured. */
  public static RouterConfig empty(String routerId) {
    return new RouterConfig(
        routerId, List.of(), List.of(), Map.of(), digest(List.of(), List.of(), Map.of()));
  }

  private static String digest(
      List<TrunkIntent> trunks, List<SessionIntent> sessions, Map<String, Long> manifest) {
    StringBuilder canonical = new StringBuilder();
    for (TrunkIntent trunk : trunks) {
      canonical.append("trunk ").append(trunk.trunkId()).append(' ').append(trunk.interfaceName());
      trunk.ports().forEach(p -> canonical.append(' ').append(p.id()));
      canonical.append('\n');
    }
    for (SessionIntent session : sessions) {
      canonical
          .append("session ")
          .append(session.attachmentId())
          .append(' ')
          .append(session.interfaceName())
          .append(' ')
          .append(session.vlan().map(Object::toString).orElse("-"))
          .append(' ')
          .append(session.peering().subnet())
          .append(' ')
          .append(session.peering().cloudIp())
          .append(' ')
          .append(session.peering().peerIp())
          .append(' ')
          .append(session.peering().peerAsn())
          .append(' ')
          .append(session.peering().cloudAsn())
          .append(' ')
          .append(session.peering().md5Key().map(k -> k.reveal()).orElse(""))
          .append(' ')
          .append(
              String.join(",", session.staticRoutes().stream().map(Ipv4Prefix::toString).toList()))
          .append('\n');
    }
    manifest.forEach(
        (id, revision) -> canonical.append(id).append('@').append(revision).append('\n'));
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
