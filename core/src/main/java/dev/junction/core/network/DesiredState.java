package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.catalogue.Port;
import dev.junction.core.net.VlanId;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each router should run, as a feed its agent pulls: a snapshot in pages, for an agent that
 * starts or resyncs, and the changes after a sequence, for one that keeps up. Both are derived from
 * the store on every call and cost in proportion to what they return, never to everything stored.
 */
public final class DesiredState {
  /** The most subjects one snapshot page or one batch of changes holds. */
  public static final int MAX_PAGE = 1000;

  private final Store store;

  public DesiredState(Store store) {
    this.store = requireNonNull(store, "store");
  }

  /** Returns router {@code routerId}'s header: its identity, announcements and faults. */
  public RouterHeader header(String routerId) {
    return store.read(tx -> header(tx, routerId));
  }

  /** Returns router {@code routerId}'s desired sequence now. */
  public long seq(String routerId) {
    return store.read(tx -> status(tx, routerId).desiredSeq());
  }

  /**
   * Returns a page of everything router {@code routerId} should run: every trunk on the first page,
   * and up to {@code limit} attachments after {@code after}, ordered by id.
   */
  public DesiredSnapshot snapshot(String routerId, Optional<String> after, int limit) {
    int size = clamp(limit);
    return store.read(
        tx -> {
          RouterHeader header = header(tx, routerId);
          long seq = status(tx, routerId).desiredSeq();
          List<Trunk> trunks = after.isEmpty() ? tx.trunksOnRouter(routerId) : List.of();
          List<Attachment> attachments = tx.attachmentsOnRouter(routerId, after, size);
          Map<String, TrunkIntent> trunkIntents = trunkIntents(tx, trunks, attachments);
          List<SessionIntent> sessions = new ArrayList<>();
          for (Attachment attachment : attachments) {
            TrunkIntent trunk = trunkIntents.get(attachment.trunkId());
            if (trunk != null) {
              sessions.add(sessionIntent(attachment, trunk));
            }
          }
          List<String> ids = new ArrayList<>();
          trunks.forEach(t -> ids.add(t.id()));
          attachments.forEach(a -> ids.add(a.id()));
          Map<String, DesiredSnapshot.Recorded> recorded = new HashMap<>();
          for (Observation observation : tx.observations(ids)) {
            recorded.put(
                observation.subjectId(),
                new DesiredSnapshot.Recorded(
                    observation.appliedRevision(), observation.appliedHash()));
          }
          Optional<String> next =
              attachments.size() == size
                  ? Optional.of(attachments.get(attachments.size() - 1).id())
                  : Optional.empty();
          return new DesiredSnapshot(
              routerId,
              seq,
              header,
              trunks.stream().map(t -> trunkIntents.get(t.id())).toList(),
              sessions,
              recorded,
              next);
        });
  }

  /**
   * Returns what changed in router {@code routerId}'s desired state after sequence {@code since},
   * at most {@code limit} subjects.
   */
  public DesiredChanges changes(String routerId, long since, int limit) {
    int size = clamp(limit);
    return store.read(
        tx -> {
          RouterHeader header = header(tx, routerId);
          // The sequence is read before the feed: whatever the feed shows beyond it is shown again
          // next time, but nothing up to it can be missed.
          long current = status(tx, routerId).desiredSeq();
          if (current <= since) {
            return new DesiredChanges(routerId, since, since, header, List.of(), List.of(), false);
          }
          List<NetworkChange> entries = tx.networkChanges(routerId, since, size);
          boolean more = entries.size() == size;
          long seq = more ? entries.get(entries.size() - 1).seq() : current;
          Set<String> trunkIds = new HashSet<>();
          Set<String> attachmentIds = new HashSet<>();
          List<String> removed = new ArrayList<>();
          for (NetworkChange entry : entries) {
            switch (entry.kind()) {
              case TRUNK -> trunkIds.add(entry.subjectId());
              case ATTACHMENT -> attachmentIds.add(entry.subjectId());
              case REMOVED -> removed.add(entry.subjectId());
            }
          }
          List<Trunk> trunks = tx.trunks(trunkIds);
          List<Attachment> attachments = tx.attachments(attachmentIds);
          Map<String, TrunkIntent> trunkIntents = trunkIntents(tx, trunks, attachments);
          List<SubjectIntent> changed = new ArrayList<>();
          trunks.forEach(t -> changed.add(trunkIntents.get(t.id())));
          for (Attachment attachment : attachments) {
            TrunkIntent trunk = trunkIntents.get(attachment.trunkId());
            if (trunk != null) {
              changed.add(sessionIntent(attachment, trunk));
            }
          }
          return new DesiredChanges(routerId, since, seq, header, changed, removed, more);
        });
  }

  static RouterHeader header(ReadTx tx, String routerId) {
    return new RouterHeader(
        tx.router(routerId).orElseThrow(() -> ProblemException.notFound("router", routerId)),
        tx.faults(routerId));
  }

  private static RouterStatus status(ReadTx tx, String routerId) {
    return tx.routerStatus(routerId)
        .orElseThrow(() -> ProblemException.notFound("router", routerId));
  }

  private static int clamp(int limit) {
    return Math.max(1, Math.min(limit, MAX_PAGE));
  }

  /** Returns the intents of {@code trunks} and of the trunks {@code attachments} ride on, by id. */
  private static Map<String, TrunkIntent> trunkIntents(
      ReadTx tx, List<Trunk> trunks, List<Attachment> attachments) {
    Map<String, Trunk> byId = new HashMap<>();
    trunks.forEach(t -> byId.put(t.id(), t));
    Set<String> missing = new HashSet<>();
    for (Attachment attachment : attachments) {
      if (!byId.containsKey(attachment.trunkId())) {
        missing.add(attachment.trunkId());
      }
    }
    if (!missing.isEmpty()) {
      tx.trunks(missing).forEach(t -> byId.put(t.id(), t));
    }
    Map<String, Port> ports = new HashMap<>();
    Map<String, TrunkIntent> intents = new HashMap<>();
    for (Trunk trunk : byId.values()) {
      List<Port> held = new ArrayList<>();
      for (String portId : trunk.joint().portIds()) {
        Port port = ports.computeIfAbsent(portId, id -> tx.port(id).orElse(null));
        if (port != null) {
          held.add(port);
        }
      }
      intents.put(trunk.id(), trunkIntent(trunk, held));
    }
    return intents;
  }

  /** Returns what a router runs for {@code trunk}, which holds the ports {@code held}. */
  public static TrunkIntent trunkIntent(Trunk trunk, List<Port> held) {
    JointKind joint;
    Optional<String> interfaceName;
    switch (trunk.joint()) {
      case Joint.SinglePort single -> {
        joint = JointKind.PORT;
        interfaceName = held.stream().findFirst().map(Port::kernelInterface);
      }
      case Joint.Lag lag -> {
        joint = JointKind.LAG;
        interfaceName = Optional.of(bundleName(trunk.id()));
      }
      case Joint.ViaPartner partner -> {
        joint = JointKind.PARTNER;
        interfaceName = Optional.empty();
      }
    }
    return new TrunkIntent(
        trunk.id(),
        trunk.revision(),
        trunk.status() != ResourceStatus.DELETING,
        joint,
        interfaceName,
        held);
  }

  /**
   * Returns what a router runs for {@code attachment}, on the trunk {@code trunk}. A CNI's session
   * has no VLAN (see below); every other attachment keeps the VLAN it holds.
   */
  public static SessionIntent sessionIntent(Attachment attachment, TrunkIntent trunk) {
    // A Cloudflare CNI is untagged on its interconnect's port: Cloudflare's CNI tells the customer
    // no VLAN (only cust_ip and p2p_ip), so a customer could never match a tagged sub-interface.
    // The store still holds the VLAN the CNI reserved on its trunk (one CNI per interconnect), so
    // that nothing else takes it; the router is just not told it.
    Optional<VlanId> vlan =
        attachment.kind() == AttachmentKind.CNI ? Optional.empty() : attachment.vlan();
    return new SessionIntent(
        attachment.id(),
        attachment.revision(),
        attachment.status() != ResourceStatus.DELETING,
        attachment.kind(),
        attachment.trunkId(),
        trunk.interfaceName(),
        vlan,
        attachment.peering(),
        attachment.staticRoutes(),
        attachment.routing(),
        attachment.publicAccess().peerAnnouncedPrefixes());
  }

  /**
   * Returns the kernel name of the bundle (bond) interface of LAG trunk {@code trunkId}: {@code
   * jlag} and the last six characters of the id, short enough to leave room for a VLAN suffix.
   */
  public static String bundleName(String trunkId) {
    String tail = trunkId.length() > 6 ? trunkId.substring(trunkId.length() - 6) : trunkId;
    return "jlag" + tail.toLowerCase(Locale.ROOT);
  }
}
