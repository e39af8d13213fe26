package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Int64Value;
import com.google.rpc.BadRequest;
import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.junction.api.yandex.cic.v1.BatchGetPrivateConnectionsRequest;
import dev.junction.api.yandex.cic.v1.CreatePrivateConnectionMetadata;
import dev.junction.api.yandex.cic.v1.CreatePrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.ListPointOfPresencesRequest;
import dev.junction.api.yandex.cic.v1.ListPublicConnectionsRequest;
import dev.junction.api.yandex.cic.v1.PeeringRequest;
import dev.junction.api.yandex.cic.v1.PointOfPresenceServiceGrpc;
import dev.junction.api.yandex.cic.v1.PrivateConnectionServiceGrpc;
import dev.junction.api.yandex.cic.v1.PublicConnection;
import dev.junction.api.yandex.cic.v1.PublicConnectionServiceGrpc;
import dev.junction.api.yandex.endpoint.ApiEndpointServiceGrpc;
import dev.junction.api.yandex.endpoint.ListApiEndpointsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Yandex gRPC surface through a real gRPC client: auth, errors with details, BatchGet. */
class YandexGrpcTest {
  @TempDir static Path dataDir;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static <T> T client(Class<T> stub, String token) {
    return GrpcClients.builder("http://127.0.0.1:" + server.server.grpcPort())
        .addHeader("authorization", "Bearer " + token)
        .build(stub);
  }

  private static PrivateConnectionServiceGrpc.PrivateConnectionServiceBlockingStub connections() {
    return client(
        PrivateConnectionServiceGrpc.PrivateConnectionServiceBlockingStub.class, server.token);
  }

  private static CreatePrivateConnectionRequest.Builder request(String name, long vlan, long asn) {
    return CreatePrivateConnectionRequest.newBuilder()
        .setFolderId("grpc-folder")
        .setName(name)
        .setTrunkConnectionId("cftdemotrunk00000001")
        .setVlanId(Int64Value.of(vlan))
        .setIpv4Peering(
            PeeringRequest.newBuilder()
                .setPeeringSubnet("192.168.9.0/31")
                .setPeerIp("192.168.9.0")
                .setCloudIp("192.168.9.1")
                .setPeerBgpAsn(asn));
  }

  @Test
  void refusesACallWithoutAValidToken() {
    var stranger =
        client(PointOfPresenceServiceGrpc.PointOfPresenceServiceBlockingStub.class, "forged");
    assertThatThrownBy(() -> stranger.list(ListPointOfPresencesRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void reportsInvalidFieldsInBadRequestDetails() {
    assertThatThrownBy(() -> connections().create(request("grpc-bad", 1, 23456).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              com.google.rpc.Status details = StatusProto.fromThrowable(e);
              assertThat(details).isNotNull();
              BadRequest badRequest;
              try {
                badRequest = details.getDetails(0).unpack(BadRequest.class);
              } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                throw new AssertionError(ex);
              }
              assertThat(badRequest.getFieldViolationsList())
                  .extracting(BadRequest.FieldViolation::getField)
                  .containsExactly("vlan_id", "ipv4_peering.peer_bgp_asn");
            });
  }

  @Test
  void batchGetsOnlyExistingConnections() throws Exception {
    String id =
        connections()
            .create(request("grpc-batch", 700, 65001).build())
            .getMetadata()
            .unpack(CreatePrivateConnectionMetadata.class)
            .getPrivateConnectionId();
    var found =
        connections()
            .batchGet(
                BatchGetPrivateConnectionsRequest.newBuilder()
                    .addPrivateConnectionIds(id)
                    .addPrivateConnectionIds("cpcmissing")
                    .build());
    assertThat(found.getPrivateConnectionsList()).extracting(c -> c.getId()).containsExactly(id);
  }

  @Test
  void showsPublicConnectionsTheOperatorCreated() {
    RunningServer.Answer created =
        server.post(
            "/admin/v1/publicConnections",
            """
            {"folderId": "grpc-public", "trunkId": "cftdemotrunk00000001", "name": "to-s3",
             "vlanId": 3000, "services": ["S3", "ALL_PUBLIC"], "announcedPrefixes": ["198.51.100.0/24"],
             "peering": {"peeringSubnet": "10.9.9.0/31", "peerIp": "10.9.9.0", "cloudIp": "10.9.9.1",
                         "peerBgpAsn": 65100}}
            """);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    var listed =
        client(PublicConnectionServiceGrpc.PublicConnectionServiceBlockingStub.class, server.token)
            .list(ListPublicConnectionsRequest.newBuilder().setFolderId("grpc-public").build());
    PublicConnection connection = listed.getPublicConnections(0);
    assertThat(connection.getIpv4AllowedServiceTypesList())
        .containsExactly(
            PublicConnection.CloudServiceType.CLOUD_SERVICE_ALL_PUBLIC,
            PublicConnection.CloudServiceType.CLOUD_SERVICE_S3);
    assertThat(connection.getIpv4PeerAnnouncedPrefixesList()).containsExactly("198.51.100.0/24");
  }

  @Test
  void listsItsOwnAddressForTheSdkEndpoints() {
    var endpoints =
        client(ApiEndpointServiceGrpc.ApiEndpointServiceBlockingStub.class, server.token)
            .list(ListApiEndpointsRequest.getDefaultInstance());
    assertThat(endpoints.getEndpointsList())
        .extracting(e -> e.getId())
        .contains("cic", "operation");
    assertThat(endpoints.getEndpoints(0).getAddress()).endsWith(":" + server.server.grpcPort());
  }
}
