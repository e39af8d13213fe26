package dev.junction.bench.micro;

import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentDraft;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.attachment.Peering;
import dev.junction.core.attachment.PeeringDraft;
import dev.junction.core.attachment.Routing;
import dev.junction.core.catalogue.Router;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.problem.Violations;
import dev.junction.core.resource.ResourceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The inputs of the JMH benchmarks: one private connection as a create's request carries it (a
 * draft), as the store holds it (an attachment), and as a router is told it (a session), and a
 * router with 1,000 of them. The shapes follow the network module's golden files: a peering /30, a
 * customer AS, an MD5 key, one static route, a VLAN on a trunk.
 */
public final class Fixtures {
  /** The cloud's AS number of the default configuration. */
  public static final Asn CLOUD_ASN = new Asn(200_350);

  public static final int MAX_STATIC_ROUTES = 100;

  private Fixtures() {}

  /** Returns create {@code i}'s request as the core validates it. */
  public static AttachmentDraft draft(int i) {
    Ipv4Address network = Ipv4Address.of("10.0.0.0").plus(4L * i);
    return new AttachmentDraft(
        "bench-folder",
        String.format(Locale.ROOT, "pc-%07d", i),
        "a private connection of the benchmarks",
        Map.of("env", "bench"),
        "cftbenchtrunk0000001",
        Optional.of((long) (VlanId.MIN + i % 3999)),
        Optional.of(
            new PeeringDraft(
                network + "/30",
                network.plus(1).toString(),
                network.plus(2).toString(),
                4_200_000_000L + i,
                "bench-key-" + i)),
        List.of(String.format(Locale.ROOT, "192.168.%d.0/24", i % 256)),
        List.of(),
        List.of());
  }

  /** Returns draft {@code i} validated, or throws what it broke. */
  public static AttachmentDraft.Valid valid(int i, AttachmentKind kind) {
    Violations violations = new Violations();
    return draft(i)
        .validate(kind, CLOUD_ASN, MAX_STATIC_ROUTES, violations)
        .orElseThrow(() -> new IllegalStateException("draft " + i + ": " + violations.list()));
  }

  /** Returns connection {@code i} as the store holds it once created, of {@code kind}. */
  public static Attachment attachment(int i, AttachmentKind kind) {
    AttachmentDraft draft = draft(i);
    AttachmentDraft.Valid valid = valid(i, kind);
    return new Attachment(
        String.format(Locale.ROOT, "cpcbench%012d", i),
        kind,
        draft.scope(),
        draft.name(),
        draft.description(),
        valid.labels(),
        draft.trunkId(),
        valid.vlan(),
        valid.peering(),
        valid.staticRoutes(),
        valid.publicAccess(),
        Routing.defaults(kind),
        ResourceStatus.ACTIVE,
        Instant.parse("2026-01-02T03:04:05.123456Z"),
        1);
  }

  /** Returns the header of the benchmarks' router. */
  public static RouterHeader header() {
    return new RouterHeader(
        new Router(
            "rtr-bench", "pop-1", "bench", "10.255.0.1", List.of(Ipv4Prefix.of("203.0.113.0/24"))),
        List.of());
  }

  /** Returns session {@code i}: on a trunk's VLAN, with an MD5 key and one static route. */
  public static SessionIntent session(int i) {
    Ipv4Prefix subnet = new Ipv4Prefix(Ipv4Address.of("169.254.0.0").plus(4L * i), 30);
    Peering peering =
        new Peering(
            subnet,
            subnet.network().plus(1),
            subnet.network().plus(2),
            Optional.of(new Asn(4_200_000_000L + i)),
            new Asn(64512),
            Optional.of(Md5Key.of("bench-key-" + i)));
    return new SessionIntent(
        String.format(Locale.ROOT, "cpcbench%012d", i),
        1,
        true,
        AttachmentKind.PRIVATE,
        "trk-bench",
        Optional.of("eth-bench"),
        Optional.of(new VlanId(VlanId.MIN + i % 3999)),
        peering,
        List.of(new Ipv4Prefix(Ipv4Address.of("10.0.0.0").plus(256L * i), 24)),
        Routing.defaults(AttachmentKind.PRIVATE),
        List.of());
  }

  /** Returns sessions 0 to {@code n - 1}. */
  public static List<SessionIntent> sessions(int n) {
    List<SessionIntent> sessions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sessions.add(session(i));
    }
    return sessions;
  }
}
