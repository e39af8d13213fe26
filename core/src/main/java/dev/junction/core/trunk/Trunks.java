package dev.junction.core.trunk;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Partner;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.network.Placement;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationVerb;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.operation.ResourceType;
import dev.junction.core.operation.Submitter;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.problem.Violations;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.TrunkQuery;
import dev.junction.core.store.UniqueKey;
import dev.junction.core.store.UniqueViolation;
import dev.junction.core.store.WriteTx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The use cases on trunks: read them, and start the operations that create, change, move and delete
 * them. A trunk takes its ports when it is created and frees them when it is deleted; the database
 * decides which of two concurrent requests gets a port.
 */
public final class Trunks {
  private final Store store;
  private final Submitter submitter;
  private final CoreConfig config;

  public Trunks(Store store, Submitter submitter) {
    this.store = requireNonNull(store, "store");
    this.submitter = requireNonNull(submitter, "submitter");
    this.config = submitter.config();
  }

  /** Returns trunk {@code id}, if {@code caller} may read it; else it does not exist for it. */
  public Trunk get(Caller caller, String id) {
    return store.read(tx -> readable(tx, caller, id));
  }

  /** Returns the trunks among {@code ids} that {@code caller} may read, skipping the others. */
  public List<Trunk> batchGet(Caller caller, List<String> ids) {
    return store.read(
        tx ->
            ids.stream()
                .distinct()
                .map(tx::trunk)
                .flatMap(Optional::stream)
                .filter(trunk -> caller.access().canRead(trunk.scope()))
                .toList());
  }

  public Page<Trunk> list(Caller caller, String scope, NameFilter names, PageRequest page) {
    return list(caller, TrunkQuery.inScope(scope, names), page);
  }

  public Page<Trunk> list(Caller caller, TrunkQuery query, PageRequest page) {
    AccessGuard.readFrom(caller, query.scope());
    return store.read(tx -> tx.trunks(query, page));
  }

  /** Returns the operations of trunk {@code id}, newest first. */
  public Page<Operation> operations(Caller caller, String id, PageRequest page) {
    return store.read(
        tx -> {
          readable(tx, caller, id);
          return tx.operationsOf(id, page);
        });
  }

  /** Returns the ports trunk {@code id} holds, in the order of its joint. */
  public List<Port> ports(Trunk trunk) {
    return store.read(
        tx -> trunk.joint().portIds().stream().map(tx::port).flatMap(Optional::stream).toList());
  }

  /** Starts creating the trunk {@code draft} describes, on free ports the provider chooses. */
  public Operation create(Caller caller, TrunkDraft draft) {
    AccessGuard.writeInto(caller, draft.scope());
    Violations violations = new Violations();
    draft.validate(violations);
    violations.throwIfAny();
    return submitter.submit(
        caller,
        tx -> {
          PointOfPresence pop = pointOfPresence(tx, draft.popId());
          Bandwidth capacity = draft.capacity().orElseThrow();
          Joint joint = chooseJoint(tx, pop, capacity, draft.joint().orElseThrow());
          return insertTrunk(
              tx,
              caller,
              draft.scope(),
              draft.name(),
              draft.description(),
              new Labels(draft.labels()),
              pop,
              joint,
              capacity,
              draft.deletionProtection());
        });
  }

  /**
   * Starts creating an unnamed trunk in {@code scope} on the port {@code portId}, which the caller
   * chose (a Cloudflare slot). The trunk's capacity is the port's speed; a {@code speed} given must
   * be the port's.
   */
  public Operation createOnPort(
      Caller caller, String scope, String portId, Optional<String> speed) {
    Violations violations = new Violations();
    if (scope.isEmpty()) {
      violations.add("scope", "is required");
    }
    if (portId.isEmpty()) {
      violations.add("port", "is required");
    }
    if (!scope.isEmpty()) {
      AccessGuard.writeInto(caller, scope);
    }
    violations.throwIfAny();
    return submitter.submit(
        caller,
        tx -> {
          Port port = tx.port(portId).orElseThrow(() -> ProblemException.notFound("port", portId));
          if (speed.isPresent() && !speed.get().equalsIgnoreCase(port.speed())) {
            throw ProblemException.invalid(
                "speed", "must be the port's speed " + port.speed() + " (got " + speed.get() + ")");
          }
          if (tx.trunkHoldingPort(portId).isPresent()) {
            throw portTaken(portId);
          }
          return insertTrunk(
              tx,
              caller,
              scope,
              "",
              "",
              Labels.EMPTY,
              pointOfPresence(tx, port.popId()),
              new Joint.SinglePort(port.id(), port.transceiver()),
              port.bandwidth(),
              false,
              true);
        });
  }

  /**
   * Starts creating an unnamed trunk in {@code scope} through partner {@code partnerId}, at the
   * partner's first point of presence, identified to the partner by {@code serviceKey}.
   */
  public Operation createViaPartner(
      Caller caller, String scope, String partnerId, Bandwidth capacity, String serviceKey) {
    Violations violations = new Violations();
    if (scope.isEmpty()) {
      violations.add("scope", "is required");
    } else {
      AccessGuard.writeInto(caller, scope);
    }
    if (serviceKey.isEmpty()) {
      violations.add("joint.service_key", "is required");
    } else if (serviceKey.length() > 256
        || serviceKey.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
      violations.add(
          "joint.service_key", "must be at most 256 printable characters without spaces");
    }
    violations.throwIfAny();
    return submitter.submit(
        caller,
        tx -> {
          Partner partner =
              tx.partner(partnerId)
                  .orElseThrow(() -> ProblemException.notFound("partner", partnerId));
          if (!partner.up()) {
            throw ProblemException.failedPrecondition("partner " + partner.id() + " is DOWN");
          }
          if (partner.popIds().isEmpty()) {
            throw ProblemException.failedPrecondition(
                "partner " + partner.id() + " serves no point of presence");
          }
          return insertTrunk(
              tx,
              caller,
              scope,
              "",
              "",
              Labels.EMPTY,
              pointOfPresence(tx, partner.popIds().get(0)),
              new Joint.ViaPartner(partner.id(), serviceKey),
              capacity,
              false);
        });
  }

  /**
   * Writes {@code trunk} as the operator configured it, ACTIVE at once, unless a trunk with its id
   * already exists, and returns whether it was written. The network configures its ports on its
   * next pass.
   */
  public boolean provision(Trunk trunk) {
    Trunk provisioned =
        new Trunk(
            trunk.id(),
            trunk.scope(),
            trunk.name(),
            trunk.description(),
            trunk.labels(),
            trunk.popId(),
            trunk.joint(),
            trunk.capacity(),
            trunk.deletionProtection(),
            ResourceStatus.ACTIVE,
            submitter.now(),
            1);
    try {
      return store.write(
          tx -> {
            if (tx.trunk(trunk.id()).isPresent()) {
              return false;
            }
            tx.insertTrunk(
                provisioned, Placement.routerFor(tx, provisioned.popId(), provisioned.joint()));
            return true;
          });
    } catch (UniqueViolation violation) {
      throw ProblemException.failedPrecondition(
          "trunk "
              + trunk.id()
              + " cannot be provisioned: its "
              + (violation.key() == UniqueKey.PORT ? "port" : "name")
              + " is already taken");
    }
  }

  /**
   * Writes a new trunk in status CREATING and its operation, inside {@code tx}; for creates and for
   * approved tickets. Checks the scope's trunk quota.
   */
  public Operation insertTrunk(
      WriteTx tx,
      Caller caller,
      String scope,
      String name,
      String description,
      Labels labels,
      PointOfPresence pop,
      Joint joint,
      Bandwidth capacity,
      boolean deletionProtection) {
    return insertTrunk(
        tx,
        caller,
        scope,
        name,
        description,
        labels,
        pop,
        joint,
        capacity,
        deletionProtection,
        false);
  }

  /**
   * Writes a new trunk as {@link #insertTrunk(WriteTx, Caller, String, String, String, Labels,
   * PointOfPresence, Joint, Bandwidth, boolean)} does; {@code callerChosePort} says whether the
   * caller named the port, so that losing it to a concurrent request is the port being taken (as it
   * is when that request committed first), not a choice of the provider to retry.
   */
  private Operation insertTrunk(
      WriteTx tx,
      Caller caller,
      String scope,
      String name,
      String description,
      Labels labels,
      PointOfPresence pop,
      Joint joint,
      Bandwidth capacity,
      boolean deletionProtection,
      boolean callerChosePort) {
    tx.lockScope(scope);
    int limit = config.quotas().trunksPerScope();
    if (tx.countTrunks(scope) >= limit) {
      throw new ProblemException(
          new Problem.ResourceExhausted(
              scope + " already has " + limit + " trunks, the most it may have"));
    }
    Trunk trunk =
        new Trunk(
            submitter.ids().next("cft"),
            scope,
            name,
            description,
            labels,
            pop.id(),
            joint,
            capacity,
            deletionProtection,
            ResourceStatus.CREATING,
            submitter.now(),
            1);
    try {
      tx.insertTrunk(trunk, Placement.routerFor(tx, pop.id(), joint));
    } catch (UniqueViolation violation) {
      if (callerChosePort && violation.key() == UniqueKey.PORT) {
        throw portTaken(joint.portIds().get(0));
      }
      throw conflict(violation, trunk);
    }
    Operation operation =
        submitter.start(
            caller,
            ResourceType.TRUNK,
            trunk.id(),
            OperationVerb.CREATE,
            scope,
            ResourceState.NOTHING,
            networkRevision(trunk));
    tx.insertOperation(operation);
    return operation;
  }

  /**
   * Returns a single-port joint on the smallest free port at {@code pop} that carries {@code
   * capacity}, for tickets, which name a capacity but no optics.
   */
  public Joint chooseSinglePort(ReadTx tx, PointOfPresence pop, Bandwidth capacity) {
    return tx.freePortsAt(pop.id()).stream()
        .filter(port -> port.bandwidth().compareTo(capacity) >= 0)
        .min((a, b) -> a.bandwidth().compareTo(b.bandwidth()))
        .<Joint>map(port -> new Joint.SinglePort(port.id(), port.transceiver()))
        .orElseThrow(
            () ->
                new ProblemException(
                    new Problem.ResourceExhausted(
                        "no free port of at least "
                            + capacity
                            + " is left at point of presence "
                            + pop.id())));
  }

  /** Starts changing {@code fields} of trunk {@code id} to their values in {@code patch}. */
  public Operation update(Caller caller, String id, Set<TrunkField> fields, TrunkDraft patch) {
    store.read(tx -> writable(tx, caller, id));
    Violations violations = new Violations();
    if (fields.contains(TrunkField.NAME)) {
      dev.junction.core.resource.Name.check("name", patch.name(), false, violations);
    }
    if (fields.contains(TrunkField.DESCRIPTION)) {
      dev.junction.core.resource.Description.check("description", patch.description(), violations);
    }
    if (fields.contains(TrunkField.LABELS)) {
      Labels.check("labels", patch.labels(), violations);
    }
    violations.throwIfAny();
    return submitter.submit(
        caller,
        tx -> {
          Trunk current = settled(tx, caller, id);
          Trunk updated =
              current
                  .edited(
                      fields.contains(TrunkField.NAME) ? patch.name() : current.name(),
                      fields.contains(TrunkField.DESCRIPTION)
                          ? patch.description()
                          : current.description(),
                      fields.contains(TrunkField.LABELS)
                          ? new Labels(patch.labels())
                          : current.labels(),
                      fields.contains(TrunkField.DELETION_PROTECTION)
                          ? patch.deletionProtection()
                          : current.deletionProtection())
                  .withStatus(ResourceStatus.UPDATING);
          try {
            tx.updateTrunk(updated);
          } catch (UniqueViolation violation) {
            throw conflict(violation, updated);
          }
          return insert(
              tx,
              submitter.start(
                  caller,
                  ResourceType.TRUNK,
                  id,
                  OperationVerb.UPDATE,
                  current.scope(),
                  new ResourceState.OfTrunk(current),
                  0));
        });
  }

  /**
   * Starts deleting trunk {@code id}. A trunk with deletion protection, or with connections on it,
   * is not deleted.
   */
  public Operation delete(Caller caller, String id) {
    return submitter.submit(
        caller,
        tx -> {
          Trunk current = settled(tx, caller, id);
          if (current.deletionProtection()) {
            throw ProblemException.failedPrecondition(
                "trunk " + id + " has deletion protection; turn it off first");
          }
          tx.lockTrunk(id);
          int carried = tx.countAttachments(id);
          if (carried > 0) {
            throw ProblemException.failedPrecondition(
                "trunk "
                    + id
                    + " still carries "
                    + carried
                    + " connection"
                    + (carried == 1 ? "" : "s")
                    + "; delete them first");
          }
          Trunk deleting = current.withStatus(ResourceStatus.DELETING).nextRevision();
          tx.updateTrunk(deleting);
          return insert(
              tx,
              submitter.start(
                  caller,
                  ResourceType.TRUNK,
                  id,
                  OperationVerb.DELETE,
                  current.scope(),
                  new ResourceState.OfTrunk(current),
                  networkRevision(deleting)));
        });
  }

  /** Starts moving trunk {@code id} to the scope {@code destination}. */
  public Operation move(Caller caller, String id, String destination) {
    return submitter.submit(
        caller,
        tx -> {
          Trunk current = settled(tx, caller, id);
          if (destination.isEmpty()) {
            throw ProblemException.invalid("destination_scope", "is required");
          }
          AccessGuard.writeInto(caller, destination);
          Trunk moved = current.withScope(destination);
          try {
            tx.updateTrunk(moved);
          } catch (UniqueViolation violation) {
            throw conflict(violation, moved);
          }
          return insert(
              tx,
              submitter.start(
                  caller,
                  ResourceType.TRUNK,
                  id,
                  OperationVerb.MOVE,
                  current.scope(),
                  new ResourceState.OfTrunk(current),
                  0));
        });
  }

  /**
   * Returns the revision of {@code trunk} an operation must see applied by the network, or 0 if the
   * network has nothing to do for it: a partner joint holds no port of the provider.
   */
  private static long networkRevision(Trunk trunk) {
    return trunk.joint().portIds().isEmpty() ? 0 : trunk.revision();
  }

  static Trunk find(ReadTx tx, String id) {
    return tx.trunk(id).orElseThrow(() -> ProblemException.notFound("trunk", id));
  }

  /** Returns trunk {@code id} if {@code caller} may read it; else it does not exist for it. */
  static Trunk readable(ReadTx tx, Caller caller, String id) {
    Trunk trunk = find(tx, id);
    AccessGuard.read(caller, trunk.scope(), "trunk", id);
    return trunk;
  }

  /** Returns trunk {@code id} if {@code caller} may change it. */
  static Trunk writable(ReadTx tx, Caller caller, String id) {
    Trunk trunk = find(tx, id);
    AccessGuard.write(caller, trunk.scope(), "trunk", id);
    return trunk;
  }

  private static Trunk settled(ReadTx tx, Caller caller, String id) {
    Trunk trunk = writable(tx, caller, id);
    if (trunk.status().isTransitional()) {
      throw ProblemException.failedPrecondition(
          "trunk "
              + id
              + " is "
              + trunk.status()
              + ": another operation is in progress; retry when it is ACTIVE");
    }
    return trunk;
  }

  /** Returns the point of presence {@code id} of the catalogue. */
  public static PointOfPresence pointOfPresence(ReadTx tx, String id) {
    return tx.pointOfPresence(id)
        .orElseThrow(() -> ProblemException.notFound("point of presence", id));
  }

  private Joint chooseJoint(
      WriteTx tx, PointOfPresence pop, Bandwidth capacity, JointRequest request) {
    return switch (request) {
      case JointRequest.SinglePort single ->
          new Joint.SinglePort(
              choosePorts(tx, pop, single.transceiver().orElseThrow(), 1, capacity).get(0).id(),
              single.transceiver().orElseThrow());
      case JointRequest.Lag lag ->
          new Joint.Lag(
              choosePorts(tx, pop, lag.transceiver().orElseThrow(), (int) lag.size(), capacity)
                  .stream()
                  .map(Port::id)
                  .toList(),
              lag.transceiver().orElseThrow());
      case JointRequest.ViaPartner via -> {
        Partner partner =
            tx.partner(via.partnerId())
                .orElseThrow(() -> ProblemException.notFound("partner", via.partnerId()));
        if (!partner.popIds().contains(pop.id())) {
          throw ProblemException.failedPrecondition(
              "partner " + partner.id() + " does not serve point of presence " + pop.id());
        }
        if (!partner.up()) {
          throw ProblemException.failedPrecondition("partner " + partner.id() + " is DOWN");
        }
        yield new Joint.ViaPartner(partner.id(), submitter.ids().nextRandom("key"));
      }
    };
  }

  /**
   * Returns {@code count} free ports with {@code transceiver} on one router at {@code pop} that
   * together carry {@code capacity}.
   */
  private static List<Port> choosePorts(
      ReadTx tx, PointOfPresence pop, TransceiverType transceiver, int count, Bandwidth capacity) {
    Predicate<Port> fits = port -> port.transceiver() == transceiver;
    Map<String, List<Port>> byRouter = new LinkedHashMap<>();
    for (Port port : tx.freePortsAt(pop.id())) {
      if (fits.test(port)) {
        byRouter.computeIfAbsent(port.routerId(), r -> new ArrayList<>()).add(port);
      }
    }
    for (List<Port> ports : byRouter.values()) {
      if (ports.size() < count) {
        continue;
      }
      List<Port> chosen = ports.subList(0, count);
      long total = chosen.stream().mapToLong(p -> p.bandwidth().mbps()).sum();
      if (total < capacity.mbps()) {
        throw ProblemException.invalid(
            "capacity",
            "must not exceed the speed of the ports ("
                + Bandwidth.mbps(total)
                + " for "
                + count
                + " "
                + transceiver
                + " port"
                + (count == 1 ? "" : "s")
                + ")");
      }
      return List.copyOf(chosen);
    }
    throw new ProblemException(
        new Problem.ResourceExhausted(
            "no "
                + count
                + " free "
                + transceiver
                + " port"
                + (count == 1 ? " is" : "s are")
                + " left on one router at point of presence "
                + pop.id()));
  }

  private static Operation insert(WriteTx tx, Operation operation) {
    tx.insertOperation(operation);
    return operation;
  }

  private static ProblemException portTaken(String portId) {
    return new ProblemException(
        new Problem.AlreadyExists("port", "port " + portId + " is already taken"));
  }

  private static ProblemException conflict(UniqueViolation violation, Trunk trunk) {
    return switch (violation.key()) {
      case TRUNK_NAME ->
          new ProblemException(
              new Problem.AlreadyExists(
                  "name",
                  "a trunk named \"" + trunk.name() + "\" already exists in " + trunk.scope()));
      case PORT ->
          new ProblemException(
              new Problem.Aborted(
                  "another request took the chosen port at the same time; retry the request"));
      default -> throw violation;
    };
  }
}
