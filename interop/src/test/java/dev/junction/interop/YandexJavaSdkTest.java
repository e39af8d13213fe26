package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import yandex.cloud.api.cic.v1.PeeringOuterClass.Peering;
import yandex.cloud.api.cic.v1.PointOfPresenceServiceGrpc;
import yandex.cloud.api.cic.v1.PointOfPresenceServiceOuterClass.ListPointOfPresencesRequest;
import yandex.cloud.api.cic.v1.PrivateConnectionOuterClass.PrivateConnection;
import yandex.cloud.api.cic.v1.PrivateConnectionServiceGrpc;
import yandex.cloud.api.cic.v1.PrivateConnectionServiceOuterClass.CreatePrivateConnectionMetadata;
import yandex.cloud.api.cic.v1.PrivateConnectionServiceOuterClass.CreatePrivateConnectionRequest;
import yandex.cloud.api.cic.v1.PrivateConnectionServiceOuterClass.DeletePrivateConnectionRequest;
import yandex.cloud.api.cic.v1.PrivateConnectionServiceOuterClass.GetPrivateConnectionRequest;
import yandex.cloud.api.cic.v1.PrivateConnectionServiceOuterClass.ListPrivateConnectionsRequest;
import yandex.cloud.api.cic.v1.PrivateConnectionServiceOuterClass.MovePrivateConnectionRequest;
import yandex.cloud.api.cic.v1.PrivateConnectionServiceOuterClass.RemoveStaticRouteRequest;
import yandex.cloud.api.cic.v1.PrivateConnectionServiceOuterClass.UpdatePrivateConnectionRequest;
import yandex.cloud.api.cic.v1.PrivateConnectionServiceOuterClass.UpsertStaticRouteRequest;
import yandex.cloud.api.cic.v1.TrunkConnectionOuterClass.TrunkConnection;
import yandex.cloud.api.cic.v1.TrunkConnectionServiceGrpc;
import yandex.cloud.api.cic.v1.TrunkConnectionServiceOuterClass.CreateTrunkConnectionRequest;
import yandex.cloud.api.cic.v1.TrunkConnectionServiceOuterClass.GetTrunkConnectionRequest;
import yandex.cloud.api.cic.v1.TrunkConnectionServiceOuterClass.UpdateTrunkConnectionRequest;
import yandex.cloud.api.cic.v1.common.TransceiverTypeOuterClass.TransceiverType;
import yandex.cloud.api.operation.OperationOuterClass.Operation;
import yandex.cloud.api.operation.OperationServiceGrpc;
import yandex.cloud.api.operation.OperationServiceOuterClass.GetOperationRequest;

/**
 * Drives the packaged server with the published Yandex Java stubs ({@code
 * com.yandex.cloud:java-genproto} 2.14.0, built from the API of March 2026) over a plaintext
 * channel, as a customer's code would: the stubs send the older wire shapes (region_id, capacity)
 * and must work unchanged.
 */
class YandexJavaSdkTest {
  private static final String FOLDER = "demo-folder";
  private static final String DEMO_TRUNK = "cftdemotrunk00000001";

  @TempDir static Path dataDir;
  private static JunctionProcess server;
  private static ManagedChannel channel;

  @BeforeAll
  static void startServer() throws Exception {
    server = JunctionProcess.start(dataDir, null);
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + server.token());
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort())
            .usePlaintext()
            .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
            .build();
  }

  @AfterAll
  static void stopServer() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static PrivateConnectionServiceGrpc.PrivateConnectionServiceBlockingStub connections() {
    return PrivateConnectionServiceGrpc.newBlockingStub(channel);
  }

  private static Operation awaitDone(Operation operation) {
    OperationServiceGrpc.OperationServiceBlockingStub operations =
        OperationServiceGrpc.newBlockingStub(channel);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    Operation current = operation;
    while (!current.getDone()) {
      assertThat(Instant.now()).as("operation %s finishes", operation.getId()).isBefore(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      current =
          operations.get(
              GetOperationRequest.newBuilder().setOperationId(operation.getId()).build());
    }
    assertThat(current.hasError()).as("operation error: %s", current.getError()).isFalse();
    return current;
  }

  private static Peering peering(String subnet, String peer, String cloud, long asn) {
    return Peering.newBuilder()
        .setPeeringSubnet(subnet)
        .setPeerIp(peer)
        .setCloudIp(cloud)
        .setPeerBgpAsn(asn)
        .build();
  }

  private static CreatePrivateConnectionRequest.Builder create(String name, long vlan) {
    return CreatePrivateConnectionRequest.newBuilder()
        .setFolderId(FOLDER)
        .setName(name)
        .setTrunkConnectionId(DEMO_TRUNK)
        .setVlanId(Int64Value.of(vlan))
        .setIpv4Peering(peering("169.254.20.0/30", "169.254.20.1", "169.254.20.2", 65001));
  }

  @Test
  void listsPointsOfPresence() {
    var pops =
        PointOfPresenceServiceGrpc.newBlockingStub(channel)
            .list(ListPointOfPresencesRequest.newBuilder().build());
    assertThat(pops.getPointOfPresencesList())
        .extracting(p -> p.getId())
        .contains("mow01", "fra01", "iad01");
  }

  @Test
  void runsThePrivateConnectionLifecycle() throws InvalidProtocolBufferException {
    Operation created =
        connections()
            .create(
                create("sdk-lifecycle", 300)
                    .setDescription("created by the Yandex Java stubs")
                    .addIpv4StaticRoutes(
                        PrivateConnection.StaticRoute.newBuilder().setPrefix("10.10.0.0/16"))
                    .build());
    String id =
        created
            .getMetadata()
            .unpack(CreatePrivateConnectionMetadata.class)
            .getPrivateConnectionId();
    assertThat(id).isNotEmpty();

    PrivateConnection active = awaitDone(created).getResponse().unpack(PrivateConnection.class);
    assertThat(active.getId()).isEqualTo(id);
    assertThat(active.getStatus()).isEqualTo(PrivateConnection.Status.ACTIVE);
    assertThat(active.getVlanId().getValue()).isEqualTo(300);

    PrivateConnection fetched =
        connections()
            .get(GetPrivateConnectionRequest.newBuilder().setPrivateConnectionId(id).build());
    assertThat(fetched.getStatus()).isEqualTo(PrivateConnection.Status.ACTIVE);
    assertThat(fetched.getIpv4Peering().getPeerBgpAsn()).isEqualTo(65001);
    assertThat(fetched.getIpv4StaticRoutesList())
        .extracting(r -> r.getPrefix())
        .containsExactly("10.10.0.0/16");

    awaitDone(
        connections()
            .update(
                UpdatePrivateConnectionRequest.newBuilder()
                    .setPrivateConnectionId(id)
                    .setUpdateMask(FieldMask.newBuilder().addPaths("name").addPaths("description"))
                    .setName("sdk-renamed")
                    .setDescription("renamed")
                    .build()));
    PrivateConnection renamed = get(id);
    assertThat(renamed.getName()).isEqualTo("sdk-renamed");
    assertThat(renamed.getVlanId().getValue())
        .as("fields outside the mask are kept")
        .isEqualTo(300);

    awaitDone(
        connections()
            .upsertStaticRoute(
                UpsertStaticRouteRequest.newBuilder()
                    .setPrivateConnectionId(id)
                    .addIpv4StaticRoutes(
                        PrivateConnection.StaticRoute.newBuilder().setPrefix("10.20.0.0/16"))
                    .build()));
    assertThat(get(id).getIpv4StaticRoutesList())
        .extracting(r -> r.getPrefix())
        .containsExactly("10.10.0.0/16", "10.20.0.0/16");

    awaitDone(
        connections()
            .removeStaticRoute(
                RemoveStaticRouteRequest.newBuilder()
                    .setPrivateConnectionId(id)
                    .addIpv4StaticRoutes(
                        PrivateConnection.StaticRoute.newBuilder().setPrefix("10.10.0.0/16"))
                    .build()));
    assertThat(get(id).getIpv4StaticRoutesList())
        .extracting(r -> r.getPrefix())
        .containsExactly("10.20.0.0/16");

    awaitDone(
        connections()
            .move(
                MovePrivateConnectionRequest.newBuilder()
                    .setPrivateConnectionId(id)
                    .setDestinationFolderId("other-folder")
                    .build()));
    assertThat(get(id).getFolderId()).isEqualTo("other-folder");
    assertThat(
            connections()
                .list(
                    ListPrivateConnectionsRequest.newBuilder().setFolderId("other-folder").build())
                .getPrivateConnectionsList())
        .extracting(PrivateConnection::getId)
        .containsExactly(id);

    awaitDone(
        connections()
            .delete(
                DeletePrivateConnectionRequest.newBuilder().setPrivateConnectionId(id).build()));
    assertThatThrownBy(() -> get(id))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void rejectsADuplicateName() {
    awaitDone(connections().create(create("sdk-duplicate", 310).build()));
    assertThatThrownBy(() -> connections().create(create("sdk-duplicate", 311).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
              assertThat(e.getStatus().getDescription()).contains("sdk-duplicate");
            });
  }

  @Test
  void rejectsAVlanTakenOnTheTrunk() {
    awaitDone(connections().create(create("sdk-vlan-first", 320).build()));
    assertThatThrownBy(() -> connections().create(create("sdk-vlan-second", 320).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
              assertThat(e.getStatus().getDescription()).contains("VLAN 320");
            });
  }

  @Test
  void rejectsABadSubnetNamingTheField() {
    assertThatThrownBy(
            () ->
                connections()
                    .create(
                        create("sdk-bad-subnet", 330)
                            .setIpv4Peering(
                                peering("169.254.20.0/29", "169.254.20.1", "169.254.20.2", 65001))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .contains("ipv4_peering.peering_subnet")
                  .contains("/30 or /31");
            });
    assertThat(
            connections()
                .list(
                    ListPrivateConnectionsRequest.newBuilder()
                        .setFolderId(FOLDER)
                        .setFilter("name=\"sdk-bad-subnet\"")
                        .build())
                .getPrivateConnectionsList())
        .as("nothing was written")
        .isEmpty();
  }

  @Test
  void rejectsADocumentationAsn() {
    assertThatThrownBy(
            () ->
                connections()
                    .create(
                        create("sdk-doc-asn", 340)
                            .setIpv4Peering(
                                peering("169.254.20.0/30", "169.254.20.1", "169.254.20.2", 64500))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .contains("ipv4_peering.peer_bgp_asn")
                  .contains("RFC 5398");
            });
  }

  @Test
  @SuppressWarnings("deprecation") // region_id and capacity are what these stubs send
  void acceptsTheLegacyTrunkShapesTheStubsSend() throws InvalidProtocolBufferException {
    TrunkConnectionServiceGrpc.TrunkConnectionServiceBlockingStub trunks =
        TrunkConnectionServiceGrpc.newBlockingStub(channel);
    Operation created =
        trunks.create(
            CreateTrunkConnectionRequest.newBuilder()
                .setFolderId("legacy-folder")
                .setRegionId("ru-central1")
                .setName("legacy-trunk")
                .setPointOfPresenceId(StringValue.of("fra01"))
                .setCapacity(TrunkConnection.Capacity.CAPACITY_10_GBPS)
                .setSinglePortDirectJoint(
                    CreateTrunkConnectionRequest.SinglePortDirectJoint.newBuilder()
                        .setTransceiverType(TransceiverType.TRANSCEIVER_TYPE_10GBASE_LR))
                .build());
    TrunkConnection trunk = awaitDone(created).getResponse().unpack(TrunkConnection.class);
    assertThat(trunk.getStatus()).isEqualTo(TrunkConnection.Status.ACTIVE);
    assertThat(trunk.getSinglePortDirectJoint().getPortName().getValue()).isNotEmpty();

    awaitDone(
        trunks.update(
            UpdateTrunkConnectionRequest.newBuilder()
                .setTrunkConnectionId(trunk.getId())
                .setUpdateMask(FieldMask.newBuilder().addPaths("description").addPaths("capacity"))
                .setDescription("updated by old stubs")
                .setCapacity(TrunkConnection.Capacity.CAPACITY_10_GBPS)
                .setRegionId("ru-central1")
                .build()));
    assertThat(
            trunks
                .get(
                    GetTrunkConnectionRequest.newBuilder()
                        .setTrunkConnectionId(trunk.getId())
                        .build())
                .getDescription())
        .isEqualTo("updated by old stubs");
  }

  private static PrivateConnection get(String id) {
    return connections()
        .get(GetPrivateConnectionRequest.newBuilder().setPrivateConnectionId(id).build());
  }
}
