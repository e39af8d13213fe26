package dev.junction.api.yandex;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import dev.junction.api.yandex.cic.v1.CreatePrivateConnectionMetadata;
import dev.junction.api.yandex.cic.v1.CreateTrunkConnectionMetadata;
import dev.junction.api.yandex.cic.v1.CreateTrunkConnectionTicketMetadata;
import dev.junction.api.yandex.cic.v1.DeletePrivateConnectionMetadata;
import dev.junction.api.yandex.cic.v1.DeleteTrunkConnectionMetadata;
import dev.junction.api.yandex.cic.v1.MovePrivateConnectionMetadata;
import dev.junction.api.yandex.cic.v1.MovePublicConnectionMetadata;
import dev.junction.api.yandex.cic.v1.MoveTrunkConnectionMetadata;
import dev.junction.api.yandex.cic.v1.RemoveStaticRouteMetadata;
import dev.junction.api.yandex.cic.v1.RevokeTrunkConnectionTicketMetadata;
import dev.junction.api.yandex.cic.v1.UpdatePrivateConnectionMetadata;
import dev.junction.api.yandex.cic.v1.UpdateTrunkConnectionMetadata;
import dev.junction.api.yandex.cic.v1.UpsertStaticRouteMetadata;
import dev.junction.core.UseCases;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.problem.ProblemException;
import java.util.Optional;

/**
 * Writes core operations as {@code yandex.cloud.operation.Operation}: the metadata message of each
 * RPC (carrying the resource id from the first answer on), and the response the RPC's operation
 * option names (the resource, or {@code google.protobuf.Empty}).
 */
final class OperationWire {
  private final UseCases useCases;
  private final Callers callers;

  OperationWire(UseCases useCases, Callers callers) {
    this.useCases = requireNonNull(useCases, "useCases");
    this.callers = requireNonNull(callers, "callers");
  }

  dev.junction.api.yandex.operation.Operation operation(Operation operation) {
    dev.junction.api.yandex.operation.Operation.Builder wire =
        dev.junction.api.yandex.operation.Operation.newBuilder()
            .setId(operation.id())
            .setDescription(operation.description())
            .setCreatedAt(Wire.timestamp(operation.createdAt()))
            .setCreatedBy(operation.createdBy())
            .setModifiedAt(Wire.timestamp(operation.modifiedAt()))
            .setDone(operation.done());
    metadata(operation).ifPresent(metadata -> wire.setMetadata(Any.pack(metadata)));
    operation.error().ifPresent(problem -> wire.setError(YandexErrors.toStatus(problem)));
    operation.response().ifPresent(response -> wire.setResponse(Any.pack(response(response))));
    return wire.build();
  }

  private Optional<Message> metadata(Operation operation) {
    String id = operation.resourceId();
    Message metadata =
        switch (operation.resourceType()) {
          case PRIVATE_CONNECTION ->
              switch (operation.verb()) {
                case CREATE ->
                    CreatePrivateConnectionMetadata.newBuilder().setPrivateConnectionId(id).build();
                case UPDATE ->
                    UpdatePrivateConnectionMetadata.newBuilder().setPrivateConnectionId(id).build();
                case DELETE ->
                    DeletePrivateConnectionMetadata.newBuilder().setPrivateConnectionId(id).build();
                case MOVE ->
                    MovePrivateConnectionMetadata.newBuilder().setPrivateConnectionId(id).build();
                case UPSERT_STATIC_ROUTES ->
                    UpsertStaticRouteMetadata.newBuilder().setPrivateConnectionId(id).build();
                case REMOVE_STATIC_ROUTES ->
                    RemoveStaticRouteMetadata.newBuilder().setPrivateConnectionId(id).build();
                case REVOKE -> null;
              };
          case CNI -> null;
          case PUBLIC_CONNECTION ->
              switch (operation.verb()) {
                case MOVE ->
                    MovePublicConnectionMetadata.newBuilder().setPublicConnectionId(id).build();
                default -> null;
              };
          case TRUNK ->
              switch (operation.verb()) {
                case CREATE ->
                    CreateTrunkConnectionMetadata.newBuilder().setTrunkConnectionId(id).build();
                case UPDATE ->
                    UpdateTrunkConnectionMetadata.newBuilder().setTrunkConnectionId(id).build();
                case DELETE ->
                    DeleteTrunkConnectionMetadata.newBuilder().setTrunkConnectionId(id).build();
                case MOVE ->
                    MoveTrunkConnectionMetadata.newBuilder().setTrunkConnectionId(id).build();
                default -> null;
              };
          case TICKET ->
              switch (operation.verb()) {
                case CREATE ->
                    CreateTrunkConnectionTicketMetadata.newBuilder()
                        .setTicketId(id)
                        .setSupportTicketId(supportTicketId(id))
                        .build();
                case REVOKE ->
                    RevokeTrunkConnectionTicketMetadata.newBuilder().setTicketId(id).build();
                default -> null;
              };
        };
    return Optional.ofNullable(metadata);
  }

  private String supportTicketId(String ticketId) {
    try {
      return useCases.tickets().get(callers.current(), ticketId).supportTicketId();
    } catch (ProblemException gone) {
      return "";
    }
  }

  private Message response(ResourceState state) {
    return switch (state) {
      case ResourceState.Nothing nothing -> Empty.getDefaultInstance();
      case ResourceState.OfAttachment(var attachment) ->
          attachment.kind() == AttachmentKind.PUBLIC
              ? Wire.publicConnection(attachment)
              : Wire.privateConnection(attachment);
      case ResourceState.OfTrunk(var trunk) -> Wire.trunk(trunk, useCases.trunks().ports(trunk));
      case ResourceState.OfTicket(var ticket) -> Wire.ticket(ticket);
    };
  }
}
