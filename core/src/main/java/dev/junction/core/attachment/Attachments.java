package dev.junction.core.attachment;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationVerb;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.operation.ResourceType;
import dev.junction.core.operation.Submitter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.problem.Violations;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.AttachmentQuery;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.UniqueViolation;
import dev.junction.core.store.WriteTx;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The use cases on attachments: read them, and start the operations that create, change, move and
 * delete them. Every mutation validates first, then writes the attachment in a transitional status
 * and its operation in one transaction.
 */
public final class Attachments {
  private final Store store;
  private final Submitter submitter;
  private final CoreConfig config;

  public Attachments(Store store, Submitter submitter) {
    this.store = requireNonNull(store, "store");
    this.submitter = requireNonNull(submitter, "submitter");
    this.config = submitter.config();
  }

  /** Returns the attachment {@code id} of {@code kind}. */
  public Attachment get(Caller caller, AttachmentKind kind, String id) {
    return store.read(tx -> readable(tx, caller, kind, id)).seenBy(caller);
  }

  /**
   * Returns the attachments of {@code kind} among {@code ids} that {@code caller} may read,
   * skipping the others as if they did not exist.
   */
  public List<Attachment> batchGet(Caller caller, AttachmentKind kind, List<String> ids) {
    return store.read(
        tx ->
            ids.stream()
                .distinct()
                .map(tx::attachment)
                .flatMap(Optional::stream)
                .filter(a -> a.kind() == kind && caller.access().canRead(a.scope()))
                .map(a -> a.seenBy(caller))
                .toList());
  }

  /**
   * Returns the attachments {@code query} selects: in a scope {@code caller} may read, or on a
   * trunk it may read, showing only those in scopes it may read.
   */
  public Page<Attachment> list(Caller caller, AttachmentQuery query, PageRequest page) {
    return store
        .read(
            tx -> {
              query.scope().ifPresent(scope -> AccessGuard.readFrom(caller, scope));
              query
                  .trunkId()
                  .ifPresent(
                      trunkId ->
                          tx.trunk(trunkId)
                              .filter(trunk -> caller.access().canRead(trunk.scope()))
                              .orElseThrow(() -> ProblemException.notFound("trunk", trunkId)));
              return tx.attachments(query.within(caller.access().readableScopes()), page);
            })
        .map(a -> a.seenBy(caller));
  }

  /** Returns the operations of attachment {@code id}, newest first. */
  public Page<Operation> operations(
      Caller caller, AttachmentKind kind, String id, PageRequest page) {
    return store
        .read(
            tx -> {
              readable(tx, caller, kind, id);
              return tx.operationsOf(id, page);
            })
        .map(operation -> operation.seenBy(caller));
  }

  /** Starts creating the attachment that {@code draft} describes. */
  public Operation create(Caller caller, AttachmentKind kind, AttachmentDraft draft) {
    if (kind == AttachmentKind.PUBLIC) {
      AccessGuard.operator(caller, "creating public connections");
    }
    AccessGuard.writeInto(caller, draft.scope());
    Violations violations = new Violations();
    Optional<AttachmentDraft.Valid> validated =
        draft.validate(
            kind, config.cloudAsn(), config.quotas().staticRoutesPerAttachment(), violations);
    violations.throwIfAny();
    AttachmentDraft.Valid valid = validated.orElseThrow();
    String id = submitter.ids().next(kind == AttachmentKind.PRIVATE ? "cpc" : "cpu");
    return submitter.submit(
        caller,
        tx -> {
          Trunk trunk = usableTrunk(tx, caller, draft.trunkId());
          requireVlanWhereNeeded(trunk, valid);
          tx.lockTrunk(trunk.id());
          checkAttachmentQuota(tx, trunk, kind);
          Attachment attachment =
              new Attachment(
                  id,
                  kind,
                  draft.scope(),
                  draft.name(),
                  draft.description(),
                  valid.labels(),
                  trunk.id(),
                  valid.vlan(),
                  valid.peering(),
                  valid.staticRoutes(),
                  valid.publicAccess(),
                  Routing.defaults(kind),
                  ResourceStatus.CREATING,
                  submitter.now(),
                  1);
          try {
            tx.insertAttachment(attachment);
          } catch (UniqueViolation violation) {
            throw conflict(violation, attachment);
          }
          return insert(
              tx,
              submitter.start(
                  caller,
                  resourceType(kind),
                  id,
                  OperationVerb.CREATE,
                  attachment.scope(),
                  ResourceState.NOTHING,
                  attachment.revision()));
        });
  }

  /**
   * Starts changing {@code fields} of attachment {@code id} to their values in {@code patch}; a
   * listed field that {@code patch} leaves empty is reset to its default.
   */
  public Operation update(
      Caller caller,
      AttachmentKind kind,
      String id,
      Set<AttachmentField> fields,
      AttachmentDraft patch) {
    return submitter.submit(
        caller,
        tx -> {
          Attachment current = settled(tx, caller, kind, id);
          AttachmentDraft merged = AttachmentDraft.of(current).merge(fields, patch);
          Violations violations = new Violations();
          Optional<AttachmentDraft.Valid> validated =
              merged.validate(
                  kind, config.cloudAsn(), config.quotas().staticRoutesPerAttachment(), violations);
          violations.throwIfAny();
          AttachmentDraft.Valid valid = validated.orElseThrow();
          Trunk trunk = usableTrunk(tx, caller, merged.trunkId());
          requireVlanWhereNeeded(trunk, valid);
          if (!trunk.id().equals(current.trunkId())) {
            tx.lockTrunk(trunk.id());
            checkAttachmentQuota(tx, trunk, kind);
          }
          Attachment updated =
              new Attachment(
                  id,
                  kind,
                  current.scope(),
                  merged.name(),
                  merged.description(),
                  valid.labels(),
                  trunk.id(),
                  valid.vlan(),
                  valid.peering(),
                  valid.staticRoutes(),
                  current.publicAccess(),
                  current.routing(),
                  ResourceStatus.UPDATING,
                  current.createdAt(),
                  current.revision() + 1);
          try {
            tx.updateAttachment(updated);
          } catch (UniqueViolation violation) {
            throw conflict(violation, updated);
          }
          return insert(
              tx,
              submitter.start(
                  caller,
                  resourceType(kind),
                  id,
                  OperationVerb.UPDATE,
                  current.scope(),
                  new ResourceState.OfAttachment(current),
                  updated.revision()));
        });
  }

  /** Starts deleting attachment {@code id}. */
  public Operation delete(Caller caller, AttachmentKind kind, String id) {
    if (kind == AttachmentKind.PUBLIC) {
      AccessGuard.operator(caller, "deleting public connections");
    }
    return submitter.submit(
        caller,
        tx -> {
          Attachment current = settled(tx, caller, kind, id);
          Attachment deleting = current.withStatus(ResourceStatus.DELETING).nextRevision();
          tx.updateAttachment(deleting);
          return insert(
              tx,
              submitter.start(
                  caller,
                  resourceType(kind),
                  id,
                  OperationVerb.DELETE,
                  current.scope(),
                  new ResourceState.OfAttachment(current),
                  deleting.revision()));
        });
  }

  /** Starts moving attachment {@code id} to the scope {@code destination}. */
  public Operation move(Caller caller, AttachmentKind kind, String id, String destination) {
    return submitter.submit(
        caller,
        tx -> {
          Attachment current = settled(tx, caller, kind, id);
          if (destination.isEmpty()) {
            throw ProblemException.invalid("destination_scope", "is required");
          }
          AccessGuard.writeInto(caller, destination);
          Attachment moved = current.withScope(destination);
          try {
            tx.updateAttachment(moved);
          } catch (UniqueViolation violation) {
            throw conflict(violation, moved);
          }
          return insert(
              tx,
              submitter.start(
                  caller,
                  resourceType(kind),
                  id,
                  OperationVerb.MOVE,
                  current.scope(),
                  new ResourceState.OfAttachment(current),
                  0));
        });
  }

  /** Starts adding {@code prefixes} to the static routes of attachment {@code id}. */
  public Operation upsertStaticRoutes(
      Caller caller, AttachmentKind kind, String id, List<String> prefixes) {
    store.read(tx -> writable(tx, caller, kind, id));
    List<Ipv4Prefix> given = validRoutes(prefixes);
    return changeRoutes(
        caller,
        kind,
        id,
        OperationVerb.UPSERT_STATIC_ROUTES,
        current -> {
          TreeSet<Ipv4Prefix> routes = new TreeSet<>(current);
          routes.addAll(given);
          int limit = config.quotas().staticRoutesPerAttachment();
          if (routes.size() > limit) {
            throw new ProblemException(
                new Problem.ResourceExhausted(
                    "a connection may have at most "
                        + limit
                        + " static routes (this would make "
                        + routes.size()
                        + ")"));
          }
          return new ArrayList<>(routes);
        });
  }

  /**
   * Starts removing {@code prefixes} from the static routes of attachment {@code id}. Prefixes it
   * does not have are ignored.
   */
  public Operation removeStaticRoutes(
      Caller caller, AttachmentKind kind, String id, List<String> prefixes) {
    store.read(tx -> writable(tx, caller, kind, id));
    List<Ipv4Prefix> given = validRoutes(prefixes);
    return changeRoutes(
        caller,
        kind,
        id,
        OperationVerb.REMOVE_STATIC_ROUTES,
        current -> current.stream().filter(route -> !given.contains(route)).toList());
  }

  private interface RouteChange {
    List<Ipv4Prefix> apply(List<Ipv4Prefix> current);
  }

  private Operation changeRoutes(
      Caller caller, AttachmentKind kind, String id, OperationVerb verb, RouteChange change) {
    return submitter.submit(
        caller,
        tx -> {
          Attachment current = settled(tx, caller, kind, id);
          Attachment updated =
              current
                  .withStaticRoutes(change.apply(current.staticRoutes()))
                  .withStatus(ResourceStatus.UPDATING)
                  .nextRevision();
          tx.updateAttachment(updated);
          return insert(
              tx,
              submitter.start(
                  caller,
                  resourceType(kind),
                  id,
                  verb,
                  current.scope(),
                  new ResourceState.OfAttachment(current),
                  updated.revision()));
        });
  }

  private List<Ipv4Prefix> validRoutes(List<String> prefixes) {
    Violations violations = new Violations();
    if (prefixes.isEmpty()) {
      violations.add("static_routes", "must list at least one prefix");
    }
    List<Ipv4Prefix> routes =
        AttachmentDraft.prefixes(
            "static_routes", prefixes, config.quotas().staticRoutesPerAttachment(), violations);
    violations.throwIfAny();
    return routes;
  }

  private static Operation insert(WriteTx tx, Operation operation) {
    tx.insertOperation(operation);
    return operation;
  }

  static Attachment find(ReadTx tx, AttachmentKind kind, String id) {
    return tx.attachment(id)
        .filter(a -> a.kind() == kind)
        .orElseThrow(() -> ProblemException.notFound(noun(kind), id));
  }

  /** Returns the attachment if {@code caller} may read it; else it does not exist for it. */
  static Attachment readable(ReadTx tx, Caller caller, AttachmentKind kind, String id) {
    Attachment attachment = find(tx, kind, id);
    AccessGuard.read(caller, attachment.scope(), noun(kind), id);
    return attachment;
  }

  /** Returns the attachment if {@code caller} may change it; else NOT_FOUND or DENIED. */
  private static Attachment writable(ReadTx tx, Caller caller, AttachmentKind kind, String id) {
    Attachment attachment = find(tx, kind, id);
    AccessGuard.write(caller, attachment.scope(), noun(kind), id);
    return attachment;
  }

  /**
   * Returns the attachment if {@code caller} may change it and no operation is changing it, so that
   * a new one may start.
   */
  static Attachment settled(ReadTx tx, Caller caller, AttachmentKind kind, String id) {
    Attachment attachment = find(tx, kind, id);
    AccessGuard.write(caller, attachment.scope(), noun(kind), id);
    if (attachment.status().isTransitional()) {
      throw ProblemException.failedPrecondition(
          noun(kind)
              + " "
              + id
              + " is "
              + attachment.status()
              + ": another operation is in progress; retry when it is ACTIVE");
    }
    return attachment;
  }

  /** Returns the trunk to attach to: {@code caller} must be able to see it, and it is ACTIVE. */
  private static Trunk usableTrunk(ReadTx tx, Caller caller, String trunkId) {
    Trunk trunk =
        tx.trunk(trunkId)
            .filter(t -> caller.access().canRead(t.scope()))
            .orElseThrow(() -> ProblemException.notFound("trunk", trunkId));
    if (trunk.status() != ResourceStatus.ACTIVE) {
      throw ProblemException.failedPrecondition(
          "trunk " + trunkId + " is " + trunk.status() + "; connections need an ACTIVE trunk");
    }
    return trunk;
  }

  private static void requireVlanWhereNeeded(Trunk trunk, AttachmentDraft.Valid valid) {
    if (valid.vlan().isEmpty() && !(trunk.joint() instanceof Joint.ViaPartner)) {
      throw ProblemException.invalid("vlan", "is required on a trunk with its own ports");
    }
  }

  private void checkAttachmentQuota(ReadTx tx, Trunk trunk, AttachmentKind kind) {
    int limit =
        kind == AttachmentKind.PRIVATE
            ? config.quotas().privatePerTrunk()
            : config.quotas().publicPerTrunk();
    if (tx.countAttachments(trunk.id(), kind) >= limit) {
      throw new ProblemException(
          new Problem.ResourceExhausted(
              "trunk "
                  + trunk.id()
                  + " already has "
                  + limit
                  + " "
                  + noun(kind)
                  + "s, the most a trunk may carry"));
    }
  }

  private static ProblemException conflict(UniqueViolation violation, Attachment attachment) {
    Problem problem =
        switch (violation.key()) {
          case ATTACHMENT_NAME ->
              new Problem.AlreadyExists(
                  "name",
                  "a "
                      + noun(attachment.kind())
                      + " named \""
                      + attachment.name()
                      + "\" already exists in "
                      + attachment.scope());
          case VLAN ->
              new Problem.AlreadyExists(
                  "vlan",
                  "VLAN "
                      + attachment.vlan().map(Object::toString).orElse("")
                      + " is already used on trunk "
                      + attachment.trunkId());
          default -> throw violation;
        };
    return new ProblemException(problem);
  }

  public static String noun(AttachmentKind kind) {
    return switch (kind) {
      case PRIVATE -> "private connection";
      case PUBLIC -> "public connection";
      case CNI -> "CNI";
    };
  }

  static ResourceType resourceType(AttachmentKind kind) {
    return switch (kind) {
      case PRIVATE -> ResourceType.PRIVATE_CONNECTION;
      case PUBLIC -> ResourceType.PUBLIC_CONNECTION;
      case CNI -> ResourceType.CNI;
    };
  }
}
