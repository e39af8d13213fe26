package dev.junction.api.yandex;

import static dev.junction.api.yandex.Replies.reply;
import static java.util.Objects.requireNonNull;

import dev.junction.api.yandex.cic.v1.BatchGetTrunkConnectionsRequest;
import dev.junction.api.yandex.cic.v1.BatchGetTrunkConnectionsResponse;
import dev.junction.api.yandex.cic.v1.CreateTrunkConnectionRequest;
import dev.junction.api.yandex.cic.v1.DeleteTrunkConnectionRequest;
import dev.junction.api.yandex.cic.v1.GetTrunkConnectionRequest;
import dev.junction.api.yandex.cic.v1.ListTrunkConnectionOperationsRequest;
import dev.junction.api.yandex.cic.v1.ListTrunkConnectionOperationsResponse;
import dev.junction.api.yandex.cic.v1.ListTrunkConnectionPrivateConnectionsRequest;
import dev.junction.api.yandex.cic.v1.ListTrunkConnectionPrivateConnectionsResponse;
import dev.junction.api.yandex.cic.v1.ListTrunkConnectionPublicConnectionsRequest;
import dev.junction.api.yandex.cic.v1.ListTrunkConnectionPublicConnectionsResponse;
import dev.junction.api.yandex.cic.v1.ListTrunkConnectionsRequest;
import dev.junction.api.yandex.cic.v1.ListTrunkConnectionsResponse;
import dev.junction.api.yandex.cic.v1.MoveTrunkConnectionRequest;
import dev.junction.api.yandex.cic.v1.TrunkConnection;
import dev.junction.api.yandex.cic.v1.TrunkConnectionServiceGrpc;
import dev.junction.api.yandex.cic.v1.UpdateTrunkConnectionRequest;
import dev.junction.api.yandex.operation.Operation;
import dev.junction.core.UseCases;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.Violations;
import dev.junction.core.store.AttachmentQuery;
import dev.junction.core.trunk.JointRequest;
import dev.junction.core.trunk.Trunk;
import dev.junction.core.trunk.TrunkDraft;
import dev.junction.core.trunk.TrunkField;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code yandex.cloud.cic.v1.TrunkConnectionService}, over the core's trunks, including the legacy
 * {@code Create} that published SDKs still call.
 */
final class TrunkConnectionService
    extends TrunkConnectionServiceGrpc.TrunkConnectionServiceImplBase {
  static final Map<String, TrunkField> MASK_PATHS =
      Map.of(
          "name", TrunkField.NAME,
          "description", TrunkField.DESCRIPTION,
          "labels", TrunkField.LABELS,
          "deletion_protection", TrunkField.DELETION_PROTECTION);

  /** Mask paths of fields that no longer exist, still sent by published SDKs. */
  static final Set<String> LEGACY_MASK_PATHS =
      Set.of("region_id", "capacity", "point_of_presence_id");

  private final UseCases useCases;
  private final Callers callers;
  private final OperationWire operations;

  TrunkConnectionService(UseCases useCases, Callers callers, OperationWire operations) {
    this.useCases = requireNonNull(useCases, "useCases");
    this.callers = requireNonNull(callers, "callers");
    this.operations = requireNonNull(operations, "operations");
  }

  private TrunkConnection wire(Trunk trunk) {
    return Wire.trunk(trunk, useCases.trunks().ports(trunk));
  }

  @Override
  public void get(GetTrunkConnectionRequest request, StreamObserver<TrunkConnection> out) {
    String id = Requests.id("trunk_connection_id", request.getTrunkConnectionId());
    reply(out, wire(useCases.trunks().get(callers.current(), id)));
  }

  @Override
  public void batchGet(
      BatchGetTrunkConnectionsRequest request,
      StreamObserver<BatchGetTrunkConnectionsResponse> out) {
    var ids = Requests.ids("trunk_connection_ids", request.getTrunkConnectionIdsList());
    BatchGetTrunkConnectionsResponse.Builder response =
        BatchGetTrunkConnectionsResponse.newBuilder();
    useCases
        .trunks()
        .batchGet(callers.current(), ids)
        .forEach(t -> response.addTrunkConnections(wire(t)));
    reply(out, response.build());
  }

  @Override
  public void list(
      ListTrunkConnectionsRequest request, StreamObserver<ListTrunkConnectionsResponse> out) {
    Violations violations = new Violations();
    Requests.requiredId("folder_id", request.getFolderId(), violations);
    PageRequest page = Requests.page(request.getPageSize(), request.getPageToken(), violations);
    NameFilter names = Requests.filter(request.getFilter(), violations);
    violations.throwIfAny();
    Page<Trunk> found =
        useCases.trunks().list(callers.current(), request.getFolderId(), names, page);
    reply(
        out,
        ListTrunkConnectionsResponse.newBuilder()
            .addAllTrunkConnections(found.items().stream().map(this::wire).toList())
            .setNextPageToken(Requests.nextPageToken(found.next()))
            .build());
  }

  @Override
  @SuppressWarnings("deprecation") // region_id: accepted from old clients, checked, then ignored
  public void create(CreateTrunkConnectionRequest request, StreamObserver<Operation> out) {
    Violations violations = new Violations();
    Requests.requiredId("folder_id", request.getFolderId(), violations);
    Requests.optionalId("region_id", request.getRegionId(), violations);
    if (request.hasPointOfPresenceId()) {
      Requests.optionalId(
          "point_of_presence_id", request.getPointOfPresenceId().getValue(), violations);
    }
    violations.throwIfAny();
    Optional<JointRequest> joint =
        switch (request.getJointCase()) {
          case SINGLE_PORT_DIRECT_JOINT ->
              Optional.of(
                  new JointRequest.SinglePort(
                      Wire.transceiver(request.getSinglePortDirectJoint().getTransceiverType())));
          case LAG_DIRECT_JOINT ->
              Optional.of(
                  new JointRequest.Lag(
                      Wire.transceiver(request.getLagDirectJoint().getTransceiverType()),
                      request.getLagDirectJoint().getLagAllocationSettings().getLagSize()));
          case PARTNER_JOINT_INFO ->
              Optional.of(
                  new JointRequest.ViaPartner(
                      request.getPartnerJointInfo().getPartnerId().getValue()));
          default -> Optional.empty();
        };
    TrunkDraft draft =
        new TrunkDraft(
            request.getFolderId(),
            request.getName(),
            request.getDescription(),
            request.getLabelsMap(),
            request.getPointOfPresenceId().getValue(),
            Wire.bandwidth(request.getCapacity()),
            joint,
            request.getDeletionProtection());
    reply(out, operations.operation(useCases.trunks().create(callers.current(), draft)));
  }

  @Override
  public void update(UpdateTrunkConnectionRequest request, StreamObserver<Operation> out) {
    Violations violations = new Violations();
    Requests.requiredId("trunk_connection_id", request.getTrunkConnectionId(), violations);
    Set<TrunkField> fields =
        UpdateMasks.fields(
            request.getUpdateMask(),
            TrunkField.class,
            MASK_PATHS,
            LEGACY_MASK_PATHS,
            TrunkField.all(),
            violations);
    violations.throwIfAny();
    TrunkDraft patch =
        new TrunkDraft(
            "",
            request.getName(),
            request.getDescription(),
            request.getLabelsMap(),
            "",
            Optional.empty(),
            Optional.empty(),
            request.getDeletionProtection());
    reply(
        out,
        operations.operation(
            useCases
                .trunks()
                .update(callers.current(), request.getTrunkConnectionId(), fields, patch)));
  }

  @Override
  public void delete(DeleteTrunkConnectionRequest request, StreamObserver<Operation> out) {
    String id = Requests.id("trunk_connection_id", request.getTrunkConnectionId());
    reply(out, operations.operation(useCases.trunks().delete(callers.current(), id)));
  }

  @Override
  public void move(MoveTrunkConnectionRequest request, StreamObserver<Operation> out) {
    Violations violations = new Violations();
    Requests.requiredId("trunk_connection_id", request.getTrunkConnectionId(), violations);
    Requests.requiredId("destination_folder_id", request.getDestinationFolderId(), violations);
    violations.throwIfAny();
    reply(
        out,
        operations.operation(
            useCases
                .trunks()
                .move(
                    callers.current(),
                    request.getTrunkConnectionId(),
                    request.getDestinationFolderId())));
  }

  @Override
  public void listPrivateConnections(
      ListTrunkConnectionPrivateConnectionsRequest request,
      StreamObserver<ListTrunkConnectionPrivateConnectionsResponse> out) {
    Page<Attachment> found =
        attachments(
            AttachmentKind.PRIVATE,
            request.getTrunkConnectionId(),
            request.getPageSize(),
            request.getPageToken(),
            request.getFilter());
    reply(
        out,
        ListTrunkConnectionPrivateConnectionsResponse.newBuilder()
            .addAllPrivateConnections(found.items().stream().map(Wire::privateConnection).toList())
            .setNextPageToken(Requests.nextPageToken(found.next()))
            .build());
  }

  @Override
  public void listPublicConnections(
      ListTrunkConnectionPublicConnectionsRequest request,
      StreamObserver<ListTrunkConnectionPublicConnectionsResponse> out) {
    Page<Attachment> found =
        attachments(
            AttachmentKind.PUBLIC,
            request.getTrunkConnectionId(),
            request.getPageSize(),
            request.getPageToken(),
            request.getFilter());
    reply(
        out,
        ListTrunkConnectionPublicConnectionsResponse.newBuilder()
            .addAllPublicConnections(found.items().stream().map(Wire::publicConnection).toList())
            .setNextPageToken(Requests.nextPageToken(found.next()))
            .build());
  }

  private Page<Attachment> attachments(
      AttachmentKind kind, String trunkId, long pageSize, String pageToken, String filter) {
    Violations violations = new Violations();
    Requests.requiredId("trunk_connection_id", trunkId, violations);
    PageRequest page = Requests.page(pageSize, pageToken, violations);
    NameFilter names = Requests.filter(filter, violations);
    violations.throwIfAny();
    useCases.trunks().get(callers.current(), trunkId);
    return useCases
        .attachments()
        .list(callers.current(), AttachmentQuery.onTrunk(kind, trunkId, names), page);
  }

  @Override
  public void listOperations(
      ListTrunkConnectionOperationsRequest request,
      StreamObserver<ListTrunkConnectionOperationsResponse> out) {
    Violations violations = new Violations();
    Requests.requiredId("trunk_connection_id", request.getTrunkConnectionId(), violations);
    PageRequest page = Requests.page(request.getPageSize(), request.getPageToken(), violations);
    violations.throwIfAny();
    Page<dev.junction.core.operation.Operation> found =
        useCases.trunks().operations(callers.current(), request.getTrunkConnectionId(), page);
    reply(
        out,
        ListTrunkConnectionOperationsResponse.newBuilder()
            .addAllOperations(found.items().stream().map(operations::operation).toList())
            .setNextPageToken(Requests.nextPageToken(found.next()))
            .build());
  }
}
