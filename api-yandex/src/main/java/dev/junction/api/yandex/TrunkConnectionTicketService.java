package dev.junction.api.yandex;

import static dev.junction.api.yandex.Replies.reply;
import static java.util.Objects.requireNonNull;

import dev.junction.api.yandex.cic.v1.CreateTrunkConnectionTicketRequest;
import dev.junction.api.yandex.cic.v1.GetTrunkConnectionTicketRequest;
import dev.junction.api.yandex.cic.v1.ListTrunkConnectionTicketsRequest;
import dev.junction.api.yandex.cic.v1.ListTrunkConnectionTicketsResponse;
import dev.junction.api.yandex.cic.v1.RevokeTrunkConnectionTicketRequest;
import dev.junction.api.yandex.cic.v1.TrunkConnectionTicket;
import dev.junction.api.yandex.cic.v1.TrunkConnectionTicketServiceGrpc;
import dev.junction.api.yandex.cic.v1.TrunkConnectionTicketSpec;
import dev.junction.api.yandex.operation.Operation;
import dev.junction.core.UseCases;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.Violations;
import dev.junction.core.ticket.Ticket;
import dev.junction.core.ticket.Tickets;
import io.grpc.stub.StreamObserver;

/** {@code yandex.cloud.cic.v1.TrunkConnectionTicketService}, over the core's tickets. */
final class TrunkConnectionTicketService
    extends TrunkConnectionTicketServiceGrpc.TrunkConnectionTicketServiceImplBase {
  private final UseCases useCases;
  private final Callers callers;
  private final OperationWire operations;

  TrunkConnectionTicketService(UseCases useCases, Callers callers, OperationWire operations) {
    this.useCases = requireNonNull(useCases, "useCases");
    this.callers = requireNonNull(callers, "callers");
    this.operations = requireNonNull(operations, "operations");
  }

  @Override
  public void create(CreateTrunkConnectionTicketRequest request, StreamObserver<Operation> out) {
    Violations violations = new Violations();
    Requests.requiredId("folder_id", request.getFolderId(), violations);
    if (!request.hasSpec()) {
      violations.add("spec", "is required");
    }
    violations.throwIfAny();
    TrunkConnectionTicketSpec spec = request.getSpec();
    Tickets.Draft draft =
        new Tickets.Draft(
            request.getFolderId(),
            spec.getName(),
            spec.getDescription(),
            Wire.bandwidth(spec.getCapacity()),
            spec.getPointOfPresenceId().getValue(),
            spec.getUserMessage(),
            spec.getLabelsMap(),
            spec.getDeletionProtection());
    reply(out, operations.operation(useCases.tickets().create(callers.current(), draft)));
  }

  @Override
  public void revoke(RevokeTrunkConnectionTicketRequest request, StreamObserver<Operation> out) {
    String id = Requests.id("ticket_id", request.getTicketId());
    reply(out, operations.operation(useCases.tickets().revoke(callers.current(), id)));
  }

  @Override
  public void get(
      GetTrunkConnectionTicketRequest request, StreamObserver<TrunkConnectionTicket> out) {
    String id = Requests.id("ticket_id", request.getTicketId());
    reply(out, Wire.ticket(useCases.tickets().get(callers.current(), id)));
  }

  @Override
  public void list(
      ListTrunkConnectionTicketsRequest request,
      StreamObserver<ListTrunkConnectionTicketsResponse> out) {
    Violations violations = new Violations();
    Requests.requiredId("folder_id", request.getFolderId(), violations);
    PageRequest page = Requests.page(request.getPageSize(), request.getPageToken(), violations);
    NameFilter names = Requests.filter(request.getFilter(), violations);
    violations.throwIfAny();
    Page<Ticket> found =
        useCases.tickets().list(callers.current(), request.getFolderId(), names, page);
    reply(
        out,
        ListTrunkConnectionTicketsResponse.newBuilder()
            .addAllTrunkConnectionTickets(found.items().stream().map(Wire::ticket).toList())
            .setNextPageToken(Requests.nextPageToken(found.next()))
            .build());
  }
}
