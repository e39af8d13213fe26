package dev.junction.core.ticket;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationVerb;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.operation.ResourceType;
import dev.junction.core.operation.Submitter;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.problem.Violations;
import dev.junction.core.resource.Description;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.Name;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.WriteTx;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunks;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The use cases on trunk tickets: a customer asks for a trunk, may revoke the request while it
 * waits, and the operator approves it (a trunk is created on a free port) or rejects it. Where the
 * configuration says so, tickets are approved at once.
 */
public final class Tickets {
  public static final int MAX_USER_MESSAGE = 2000;
  private static final String NOUN = "trunk ticket";

  private final Store store;
  private final Submitter submitter;
  private final Trunks trunks;

  public Tickets(Store store, Submitter submitter, Trunks trunks) {
    this.store = requireNonNull(store, "store");
    this.submitter = requireNonNull(submitter, "submitter");
    this.trunks = requireNonNull(trunks, "trunks");
  }

  /** The request for a trunk as the caller wrote it. */
  public record Draft(
      String scope,
      String name,
      String description,
      Optional<Bandwidth> capacity,
      String popId,
      String userMessage,
      Map<String, String> labels,
      boolean deletionProtection) {
    public Draft {
      requireNonNull(scope, "scope");
      requireNonNull(name, "name");
      requireNonNull(description, "description");
      requireNonNull(capacity, "capacity");
      requireNonNull(popId, "popId");
      requireNonNull(userMessage, "userMessage");
      labels = Map.copyOf(labels);
    }

    void validate(Violations violations) {
      if (scope.isEmpty()) {
        violations.add("scope", "is required");
      }
      Name.check("spec.name", name, true, violations);
      Description.check("spec.description", description, violations);
      if (capacity.isEmpty()) {
        violations.add("spec.capacity", "is required");
      }
      if (popId.isEmpty()) {
        violations.add("spec.pop", "is required");
      }
      Description.checkLength("spec.user_message", userMessage, MAX_USER_MESSAGE, violations);
      Labels.check("spec.labels", labels, violations);
    }
  }

  /** Returns ticket {@code id}, if {@code caller} may read it; else it does not exist for it. */
  public Ticket get(Caller caller, String id) {
    Instant now = submitter.now();
    return store.read(
        tx -> {
          Ticket ticket = find(tx, id);
          AccessGuard.read(caller, ticket.scope(), NOUN, id);
          return current(ticket, now);
        });
  }

  /** Returns the tickets of {@code scope}. */
  public Page<Ticket> list(Caller caller, String scope, PageRequest page) {
    return list(caller, scope, NameFilter.ALL, page);
  }

  /** Returns the tickets of {@code scope} whose name {@code names} selects. */
  public Page<Ticket> list(Caller caller, String scope, NameFilter names, PageRequest page) {
    AccessGuard.readFrom(caller, scope);
    Instant now = submitter.now();
    return store.read(tx -> tx.tickets(scope, names, page).map(ticket -> current(ticket, now)));
  }

  /** Starts a ticket asking for the trunk {@code draft} describes. */
  public Operation create(Caller caller, Draft draft) {
    AccessGuard.writeInto(caller, draft.scope());
    Violations violations = new Violations();
    draft.validate(violations);
    violations.throwIfAny();
    return submitter.submit(
        caller,
        tx -> {
          Trunks.pointOfPresence(tx, draft.popId());
          Instant now = submitter.now();
          Ticket ticket =
              new Ticket(
                  submitter.ids().next("ctt"),
                  draft.scope(),
                  TicketStatus.PENDING_SUPPORT,
                  caller.subject(),
                  "SUP-" + submitter.ids().nextRandom("").substring(0, 10).toUpperCase(),
                  Optional.empty(),
                  new TicketSpec(
                      draft.name(),
                      draft.description(),
                      draft.capacity().orElseThrow(),
                      draft.popId(),
                      draft.userMessage(),
                      new Labels(draft.labels()),
                      draft.deletionProtection()),
                  now,
                  now,
                  now.plus(submitter.config().ticketTtl()));
          tx.insertTicket(ticket);
          Operation operation =
              submitter.start(
                  caller,
                  ResourceType.TICKET,
                  ticket.id(),
                  OperationVerb.CREATE,
                  ticket.scope(),
                  ResourceState.NOTHING,
                  0);
          tx.insertOperation(operation);
          if (submitter.config().autoApproveTickets()) {
            approve(tx, Caller.operator("system:auto-approve"), ticket);
          }
          return operation;
        });
  }

  /** Starts revoking ticket {@code id}, which must still wait for the operator. */
  public Operation revoke(Caller caller, String id) {
    return submitter.submit(
        caller,
        tx -> {
          AccessGuard.write(caller, find(tx, id).scope(), NOUN, id);
          Ticket ticket = pending(tx, id);
          tx.updateTicket(ticket.settled(TicketStatus.REVOKED, Optional.empty(), submitter.now()));
          Operation operation =
              submitter.start(
                  caller,
                  ResourceType.TICKET,
                  id,
                  OperationVerb.REVOKE,
                  ticket.scope(),
                  new ResourceState.OfTicket(ticket),
                  0);
          tx.insertOperation(operation);
          return operation;
        });
  }

  /**
   * Approves ticket {@code id} as the operator: a trunk is created on a free port at the ticket's
   * point of presence, and its creation operation is returned.
   */
  public Operation approve(Caller operator, String id) {
    AccessGuard.operator(operator, "approving trunk tickets");
    return submitter.submit(operator, tx -> approve(tx, operator, pending(tx, id)));
  }

  /** Rejects ticket {@code id} as the operator, and returns it. */
  public Ticket reject(Caller operator, String id) {
    AccessGuard.operator(operator, "rejecting trunk tickets");
    return store.write(
        tx -> {
          Ticket rejected =
              pending(tx, id).settled(TicketStatus.REJECTED, Optional.empty(), submitter.now());
          tx.updateTicket(rejected);
          return rejected;
        });
  }

  private Operation approve(WriteTx tx, Caller operator, Ticket ticket) {
    TicketSpec spec = ticket.spec();
    PointOfPresence pop = Trunks.pointOfPresence(tx, spec.popId());
    Joint joint = trunks.chooseSinglePort(tx, pop, spec.capacity());
    Operation trunkCreation =
        trunks.insertTrunk(
            tx,
            operator,
            ticket.scope(),
            spec.name(),
            spec.description(),
            spec.labels(),
            pop,
            joint,
            spec.capacity(),
            spec.deletionProtection());
    tx.updateTicket(
        ticket.settled(
            TicketStatus.APPROVED, Optional.of(trunkCreation.resourceId()), submitter.now()));
    return trunkCreation;
  }

  private static Ticket find(ReadTx tx, String id) {
    return tx.ticket(id).orElseThrow(() -> ProblemException.notFound(NOUN, id));
  }

  private Ticket pending(ReadTx tx, String id) {
    Ticket ticket = current(find(tx, id), submitter.now());
    if (ticket.status() != TicketStatus.PENDING_SUPPORT) {
      throw ProblemException.failedPrecondition(
          "trunk ticket " + id + " is " + ticket.status() + "; only a pending ticket can change");
    }
    return ticket;
  }

  /** Returns {@code ticket} as it stands at {@code now}: expired if it waited too long. */
  private static Ticket current(Ticket ticket, Instant now) {
    TicketStatus status = ticket.statusAt(now);
    return status == ticket.status()
        ? ticket
        : ticket.settled(status, ticket.trunkId(), ticket.expiresAt());
  }
}
