package dev.junction.core.attachment;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.Caller;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A VLAN connection on a trunk, with its BGP peering and static routes: a Yandex private or public
 * connection, a Cloudflare CNI.
 *
 * @param vlan absent on partner trunks, where the partner assigns it
 * @param staticRoutes prefixes the provider routes to the customer's end without BGP
 * @param routing the interface MTU, extra advertised prefixes, and whether routes are accepted
 * @param revision increases with every change; the network reports which revision it applied
 */
public record Attachment(
    String id,
    AttachmentKind kind,
    String scope,
    String name,
    String description,
    Labels labels,
    String trunkId,
    Optional<VlanId> vlan,
    Peering peering,
    List<Ipv4Prefix> staticRoutes,
    PublicAccess publicAccess,
    Routing routing,
    ResourceStatus status,
    Instant createdAt,
    long revision) {
  public Attachment {
    requireNonNull(id, "id");
    requireNonNull(kind, "kind");
    requireNonNull(scope, "scope");
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(labels, "labels");
    requireNonNull(trunkId, "trunkId");
    requireNonNull(vlan, "vlan");
    requireNonNull(peering, "peering");
    staticRoutes = List.copyOf(staticRoutes);
    requireNonNull(publicAccess, "publicAccess");
    requireNonNull(routing, "routing");
    requireNonNull(status, "status");
    requireNonNull(createdAt, "createdAt");
  }

  public Attachment withStatus(ResourceStatus newStatus) {
    return new Attachment(
        id,
        kind,
        scope,
        name,
        description,
        labels,
        trunkId,
        vlan,
        peering,
        staticRoutes,
        publicAccess,
        routing,
        newStatus,
        createdAt,
        revision);
  }

  /**
   * Returns this attachment as {@code caller} may see it: the BGP MD5 key is a shared secret, shown
   * only to those who may change the attachment (editors and the operator), never to viewers.
   */
  public Attachment seenBy(Caller caller) {
    if (peering.md5Key().isEmpty() || caller.access().canWrite(scope)) {
      return this;
    }
    Peering withoutKey =
        new Peering(
            peering.subnet(),
            peering.peerIp(),
            peering.cloudIp(),
            peering.peerAsn(),
            peering.cloudAsn(),
            Optional.empty());
    return new Attachment(
        id,
        kind,
        scope,
        name,
        description,
        labels,
        trunkId,
        vlan,
        withoutKey,
        staticRoutes,
        publicAccess,
        routing,
        status,
        createdAt,
        revision);
  }

  public Attachment withScope(String newScope) {
    return new Attachment(
        id,
        kind,
        newScope,
        name,
        description,
        labels,
        trunkId,
        vlan,
        peering,
        staticRoutes,
        publicAccess,
        routing,
        status,
        createdAt,
        revision);
  }

  public Attachment withStaticRoutes(List<Ipv4Prefix> routes) {
    return new Attachment(
        id,
        kind,
        scope,
        name,
        description,
        labels,
        trunkId,
        vlan,
        peering,
        routes,
        publicAccess,
        routing,
        status,
        createdAt,
        revision);
  }

  public Attachment nextRevision() {
    return new Attachment(
        id,
        kind,
        scope,
        name,
        description,
        labels,
        trunkId,
        vlan,
        peering,
        staticRoutes,
        publicAccess,
        routing,
        status,
        createdAt,
        revision + 1);
  }
}
