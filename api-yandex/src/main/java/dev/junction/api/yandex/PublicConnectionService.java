package dev.junction.api.yandex;

import static dev.junction.api.yandex.Replies.reply;
import static java.util.Objects.requireNonNull;

import dev.junction.api.yandex.cic.v1.GetPublicConnectionRequest;
import dev.junction.api.yandex.cic.v1.ListPublicConnectionOperationsRequest;
import dev.junction.api.yandex.cic.v1.ListPublicConnectionOperationsResponse;
import dev.junction.api.yandex.cic.v1.ListPublicConnectionsRequest;
import dev.junction.api.yandex.cic.v1.ListPublicConnectionsResponse;
import dev.junction.api.yandex.cic.v1.MovePublicConnectionRequest;
import dev.junction.api.yandex.cic.v1.PublicConnection;
import dev.junction.api.yandex.cic.v1.PublicConnectionServiceGrpc;
import dev.junction.api.yandex.operation.Operation;
import dev.junction.core.UseCases;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.Violations;
import dev.junction.core.store.AttachmentQuery;
import io.grpc.stub.StreamObserver;

/**
 * {@code yandex.cloud.cic.v1.PublicConnectionService}: customers read and move public connections;
 * the operator creates them.
 */
final class PublicConnectionService
    extends PublicConnectionServiceGrpc.PublicConnectionServiceImplBase {
  private static final AttachmentKind KIND = AttachmentKind.PUBLIC;

  private final UseCases useCases;
  private final Callers callers;
  private final OperationWire operations;

  PublicConnectionService(UseCases useCases, Callers callers, OperationWire operations) {
    this.useCases = requireNonNull(useCases, "useCases");
    this.callers = requireNonNull(callers, "callers");
    this.operations = requireNonNull(operations, "operations");
  }

  @Override
  public void get(GetPublicConnectionRequest request, StreamObserver<PublicConnection> out) {
    String id = Requests.id("public_connection_id", request.getPublicConnectionId());
    reply(out, Wire.publicConnection(useCases.attachments().get(callers.current(), KIND, id)));
  }

  @Override
  public void list(
      ListPublicConnectionsRequest request, StreamObserver<ListPublicConnectionsResponse> out) {
    Violations violations = new Violations();
    Requests.requiredId("folder_id", request.getFolderId(), violations);
    PageRequest page = Requests.page(request.getPageSize(), request.getPageToken(), violations);
    NameFilter names = Requests.filter(request.getFilter(), violations);
    violations.throwIfAny();
    Page<Attachment> found =
        useCases
            .attachments()
            .list(
                callers.current(),
                AttachmentQuery.inScope(KIND, request.getFolderId(), names),
                page);
    reply(
        out,
        ListPublicConnectionsResponse.newBuilder()
            .addAllPublicConnections(found.items().stream().map(Wire::publicConnection).toList())
            .setNextPageToken(Requests.nextPageToken(found.next()))
            .build());
  }

  @Override
  public void move(MovePublicConnectionRequest request, StreamObserver<Operation> out) {
    Violations violations = new Violations();
    Requests.requiredId("public_connection_id", request.getPublicConnectionId(), violations);
    Requests.requiredId("destination_folder_id", request.getDestinationFolderId(), violations);
    violations.throwIfAny();
    reply(
        out,
        operations.operation(
            useCases
                .attachments()
                .move(
                    callers.current(),
                    KIND,
                    request.getPublicConnectionId(),
                    request.getDestinationFolderId())));
  }

  @Override
  public void listOperations(
      ListPublicConnectionOperationsRequest request,
      StreamObserver<ListPublicConnectionOperationsResponse> out) {
    Violations violations = new Violations();
    Requests.requiredId("public_connection_id", request.getPublicConnectionId(), violations);
    PageRequest page = Requests.page(request.getPageSize(), request.getPageToken(), violations);
    violations.throwIfAny();
    Page<dev.junction.core.operation.Operation> found =
        useCases
            .attachments()
            .operations(callers.current(), KIND, request.getPublicConnectionId(), page);
    reply(
        out,
        ListPublicConnectionOperationsResponse.newBuilder()
            .addAllOperations(found.items().stream().map(operations::operation).toList())
            .setNextPageToken(Requests.nextPageToken(found.next()))
            .build());
  }
}
