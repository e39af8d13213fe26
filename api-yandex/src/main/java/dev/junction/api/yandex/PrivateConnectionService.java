package dev.junction.api.yandex;

import static dev.junction.api.yandex.Replies.reply;
import static java.util.Objects.requireNonNull;

import com.google.protobuf.Int64Value;
import dev.junction.api.yandex.cic.v1.BatchGetPrivateConnectionsRequest;
import dev.junction.api.yandex.cic.v1.BatchGetPrivateConnectionsResponse;
import dev.junction.api.yandex.cic.v1.CreatePrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.DeletePrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.GetPrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.ListPrivateConnectionOperationsRequest;
import dev.junction.api.yandex.cic.v1.ListPrivateConnectionOperationsResponse;
import dev.junction.api.yandex.cic.v1.ListPrivateConnectionsRequest;
import dev.junction.api.yandex.cic.v1.ListPrivateConnectionsResponse;
import dev.junction.api.yandex.cic.v1.MovePrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.PeeringRequest;
import dev.junction.api.yandex.cic.v1.PrivateConnection;
import dev.junction.api.yandex.cic.v1.PrivateConnectionServiceGrpc;
import dev.junction.api.yandex.cic.v1.RemoveStaticRouteRequest;
import dev.junction.api.yandex.cic.v1.UpdatePrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.UpsertStaticRouteRequest;
import dev.junction.api.yandex.operation.Operation;
import dev.junction.core.UseCases;
import dev.junction.core.attachment.AttachmentDraft;
import dev.junction.core.attachment.AttachmentField;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.PeeringDraft;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.Violations;
import dev.junction.core.store.AttachmentQuery;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code yandex.cloud.cic.v1.PrivateConnectionService}, over the core's attachments. */
final class PrivateConnectionService
    extends PrivateConnectionServiceGrpc.PrivateConnectionServiceImplBase {
  private static final AttachmentKind KIND = AttachmentKind.PRIVATE;

  static final Map<String, AttachmentField> MASK_PATHS =
      Map.ofEntries(
          Map.entry("name", AttachmentField.NAME),
          Map.entry("description", AttachmentField.DESCRIPTION),
          Map.entry("labels", AttachmentField.LABELS),
          Map.entry("trunk_connection_id", AttachmentField.TRUNK),
          Map.entry("vlan_id", AttachmentField.VLAN),
          Map.entry("ipv4_peering", AttachmentField.PEERING),
          Map.entry("ipv4_peering.peering_subnet", AttachmentField.PEERING_SUBNET),
          Map.entry("ipv4_peering.peer_ip", AttachmentField.PEERING_PEER_IP),
          Map.entry("ipv4_peering.cloud_ip", AttachmentField.PEERING_CLOUD_IP),
          Map.entry("ipv4_peering.peer_bgp_asn", AttachmentField.PEERING_PEER_ASN),
          Map.entry("ipv4_peering.peer_bgp_md5_key", AttachmentField.PEERING_MD5_KEY),
          Map.entry("ipv4_static_routes", AttachmentField.STATIC_ROUTES));

  /** Mask paths of fields that no longer exist, still sent by published SDKs. */
  static final Set<String> LEGACY_MASK_PATHS = Set.of("region_id", "ipv4_peering.cloud_bgp_asn");

  private final UseCases useCases;
  private final Callers callers;
  private final OperationWire operations;

  PrivateConnectionService(UseCases useCases, Callers callers, OperationWire operations) {
    this.useCases = requireNonNull(useCases, "useCases");
    this.callers = requireNonNull(callers, "callers");
    this.operations = requireNonNull(operations, "operations");
  }

  @Override
  public void get(GetPrivateConnectionRequest request, StreamObserver<PrivateConnection> out) {
    String id = Requests.id("private_connection_id", request.getPrivateConnectionId());
    reply(out, Wire.privateConnection(useCases.attachments().get(callers.current(), KIND, id)));
  }

  @Override
  public void batchGet(
      BatchGetPrivateConnectionsRequest request,
      StreamObserver<BatchGetPrivateConnectionsResponse> out) {
    List<String> ids =
        Requests.ids("private_connection_ids", request.getPrivateConnectionIdsList());
    BatchGetPrivateConnectionsResponse.Builder response =
        BatchGetPrivateConnectionsResponse.newBuilder();
    useCases
        .attachments()
        .batchGet(callers.current(), KIND, ids)
        .forEach(a -> response.addPrivateConnections(Wire.privateConnection(a)));
    reply(out, response.build());
  }

  @Override
  public void list(
      ListPrivateConnectionsRequest request, StreamObserver<ListPrivateConnectionsResponse> out) {
    Violations violations = new Violations();
    Requests.requiredId("folder_id", request.getFolderId(), violations);
    PageRequest page = Requests.page(request.getPageSize(), request.getPageToken(), violations);
    NameFilter names = Requests.filter(request.getFilter(), violations);
    violations.throwIfAny();
    var found =
        useCases
            .attachments()
            .list(
                callers.current(),
                AttachmentQuery.inScope(KIND, request.getFolderId(), names),
                page);
    reply(
        out,
        ListPrivateConnectionsResponse.newBuilder()
            .addAllPrivateConnections(found.items().stream().map(Wire::privateConnection).toList())
            .setNextPageToken(Requests.nextPageToken(found.next()))
            .build());
  }

  @Override
  public void create(CreatePrivateConnectionRequest request, StreamObserver<Operation> out) {
    Violations violations = new Violations();
    Requests.optionalId("folder_id", request.getFolderId(), violations);
    Requests.optionalId("trunk_connection_id", request.getTrunkConnectionId(), violations);
    violations.throwIfAny();
    AttachmentDraft draft =
        draft(
            request.getFolderId(),
            request.getName(),
            request.getDescription(),
            request.getLabelsMap(),
            request.getTrunkConnectionId(),
            request.hasVlanId() ? Optional.of(request.getVlanId()) : Optional.empty(),
            request.hasIpv4Peering() ? Optional.of(request.getIpv4Peering()) : Optional.empty(),
            request.getIpv4StaticRoutesList());
    reply(out, operations.operation(useCases.attachments().create(callers.current(), KIND, draft)));
  }

  @Override
  public void update(UpdatePrivateConnectionRequest request, StreamObserver<Operation> out) {
    Violations violations = new Violations();
    Requests.requiredId("private_connection_id", request.getPrivateConnectionId(), violations);
    Requests.optionalId("trunk_connection_id", request.getTrunkConnectionId(), violations);
    Set<AttachmentField> fields =
        UpdateMasks.fields(
            request.getUpdateMask(),
            AttachmentField.class,
            MASK_PATHS,
            LEGACY_MASK_PATHS,
            AttachmentField.all(),
            violations);
    violations.throwIfAny();
    AttachmentDraft patch =
        draft(
            "",
            request.getName(),
            request.getDescription(),
            request.getLabelsMap(),
            request.getTrunkConnectionId(),
            request.hasVlanId() ? Optional.of(request.getVlanId()) : Optional.empty(),
            request.hasIpv4Peering() ? Optional.of(request.getIpv4Peering()) : Optional.empty(),
            request.getIpv4StaticRoutesList());
    reply(
        out,
        operations.operation(
            useCases
                .attachments()
                .update(callers.current(), KIND, request.getPrivateConnectionId(), fields, patch)));
  }

  @Override
  public void delete(DeletePrivateConnectionRequest request, StreamObserver<Operation> out) {
    String id = Requests.id("private_connection_id", request.getPrivateConnectionId());
    reply(out, operations.operation(useCases.attachments().delete(callers.current(), KIND, id)));
  }

  @Override
  public void move(MovePrivateConnectionRequest request, StreamObserver<Operation> out) {
    Violations violations = new Violations();
    Requests.requiredId("private_connection_id", request.getPrivateConnectionId(), violations);
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
                    request.getPrivateConnectionId(),
                    request.getDestinationFolderId())));
  }

  @Override
  public void upsertStaticRoute(UpsertStaticRouteRequest request, StreamObserver<Operation> out) {
    String id = Requests.id("private_connection_id", request.getPrivateConnectionId());
    List<String> prefixes =
        request.getIpv4StaticRoutesList().stream()
            .map(PrivateConnection.StaticRoute::getPrefix)
            .toList();
    reply(
        out,
        operations.operation(
            useCases.attachments().upsertStaticRoutes(callers.current(), KIND, id, prefixes)));
  }

  @Override
  public void removeStaticRoute(RemoveStaticRouteRequest request, StreamObserver<Operation> out) {
    String id = Requests.id("private_connection_id", request.getPrivateConnectionId());
    List<String> prefixes =
        request.getIpv4StaticRoutesList().stream()
            .map(PrivateConnection.StaticRoute::getPrefix)
            .toList();
    reply(
        out,
        operations.operation(
            useCases.attachments().removeStaticRoutes(callers.current(), KIND, id, prefixes)));
  }

  @Override
  public void listOperations(
      ListPrivateConnectionOperationsRequest request,
      StreamObserver<ListPrivateConnectionOperationsResponse> out) {
    Violations violations = new Violations();
    Requests.requiredId("private_connection_id", request.getPrivateConnectionId(), violations);
    PageRequest page = Requests.page(request.getPageSize(), request.getPageToken(), violations);
    violations.throwIfAny();
    Page<dev.junction.core.operation.Operation> found =
        useCases
            .attachments()
            .operations(callers.current(), KIND, request.getPrivateConnectionId(), page);
    reply(
        out,
        ListPrivateConnectionOperationsResponse.newBuilder()
            .addAllOperations(found.items().stream().map(operations::operation).toList())
            .setNextPageToken(Requests.nextPageToken(found.next()))
            .build());
  }

  /** Returns the core draft of the fields that Create and Update requests share. */
  private static AttachmentDraft draft(
      String folderId,
      String name,
      String description,
      Map<String, String> labels,
      String trunkId,
      Optional<Int64Value> vlan,
      Optional<PeeringRequest> peering,
      List<PrivateConnection.StaticRoute> routes) {
    return new AttachmentDraft(
        folderId,
        name,
        description,
        labels,
        trunkId,
        vlan.map(Int64Value::getValue),
        peering.map(PrivateConnectionService::peering),
        routes.stream().map(PrivateConnection.StaticRoute::getPrefix).toList(),
        List.of(),
        List.of());
  }

  static PeeringDraft peering(PeeringRequest peering) {
    return new PeeringDraft(
        peering.getPeeringSubnet(),
        peering.getPeerIp(),
        peering.getCloudIp(),
        peering.getPeerBgpAsn(),
        peering.getPeerBgpMd5Key());
  }
}
