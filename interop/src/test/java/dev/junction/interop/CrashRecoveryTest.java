package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Int64Value;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import yandex.cloud.api.cic.v1.PeeringOuterClass.Peering;
import yandex.cloud.api.cic.v1.PrivateConnectionOuterClass.PrivateConnection;
import yandex.cloud.api.cic.v1.PrivateConnectionServiceGrpc;
import yandex.cloud.api.cic.v1.PrivateConnectionServiceOuterClass.CreatePrivateConnectionRequest;
import yandex.cloud.api.cic.v1.PrivateConnectionServiceOuterClass.GetPrivateConnectionRequest;
import yandex.cloud.api.operation.OperationOuterClass.Operation;
import yandex.cloud.api.operation.OperationServiceGrpc;
import yandex.cloud.api.operation.OperationServiceOuterClass.GetOperationRequest;

/**
 * Kills the server with SIGKILL while operations are in flight, starts it again on the same data,
 * and checks that every operation it acknowledged finishes, none lost and none failed.
 */
class CrashRecoveryTest {
  private static final int OPERATIONS = 12;

  @TempDir Path dataDir;

  @Test
  void finishesEveryAcknowledgedOperationAfterSigkill() throws Exception {
    Path config = slowNetworkConfig();
    List<String> acknowledged = new ArrayList<>();
    try (JunctionProcess first = JunctionProcess.start(dataDir, config)) {
      ManagedChannel channel = channel(first);
      var connections = PrivateConnectionServiceGrpc.newBlockingStub(channel);
      for (int i = 0; i < OPERATIONS; i++) {
        Operation operation =
            connections.create(
                CreatePrivateConnectionRequest.newBuilder()
                    .setFolderId("crash-folder")
                    .setName("crash-" + i)
                    .setTrunkConnectionId("cftdemotrunk00000001")
                    .setVlanId(Int64Value.of(1000 + i))
                    .setIpv4Peering(
                        Peering.newBuilder()
                            .setPeeringSubnet("10.200." + i + ".0/31")
                            .setPeerIp("10.200." + i + ".0")
                            .setCloudIp("10.200." + i + ".1")
                            .setPeerBgpAsn(65_000 + i))
                    .build());
        acknowledged.add(operation.getId());
      }
      assertThat(operation(channel, acknowledged.get(OPERATIONS - 1)).getDone())
          .as("the network is slow enough that operations are still running")
          .isFalse();
      first.kill();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    try (JunctionProcess second = JunctionProcess.start(dataDir, config)) {
      ManagedChannel channel = channel(second);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      for (String id : acknowledged) {
        Operation operation = operation(channel, id);
        while (!operation.getDone()) {
          assertThat(Instant.now())
              .as("operation %s finishes after restart", id)
              .isBefore(deadline);
          Thread.sleep(100);
          operation = operation(channel, id);
        }
        assertThat(operation.hasError())
            .as("operation %s error: %s", id, operation.getError())
            .isFalse();
        PrivateConnection created = operation.getResponse().unpack(PrivateConnection.class);
        PrivateConnection stored =
            PrivateConnectionServiceGrpc.newBlockingStub(channel)
                .get(
                    GetPrivateConnectionRequest.newBuilder()
                        .setPrivateConnectionId(created.getId())
                        .build());
        assertThat(stored.getStatus()).isEqualTo(PrivateConnection.Status.ACTIVE);
      }
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      assertThat(second.stop()).as("exit status after SIGTERM").isIn(0, 143);
      assertThat(second.log()).contains("Stopping").doesNotContain("Exception");
    }
  }

  private static Operation operation(ManagedChannel channel, String id) {
    return OperationServiceGrpc.newBlockingStub(channel)
        .get(GetOperationRequest.newBuilder().setOperationId(id).build());
  }

  private static ManagedChannel channel(JunctionProcess server) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + server.token());
    return NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort())
        .usePlaintext()
        .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
        .build();
  }

  /** Returns the default configuration with a slow network, short leases and room for the test. */
  private Path slowNetworkConfig() throws IOException {
    String defaults = Files.readString(Path.of(System.getProperty("junction.default.config")));
    String slow =
        defaults
            .replace("applyDelay: 100ms", "applyDelay: 3s")
            .replace("leaseDuration: 10s", "leaseDuration: 1s")
            .replace("privateConnectionsPerTrunk: 5", "privateConnectionsPerTrunk: 50");
    assertThat(slow)
        .contains("applyDelay: 3s", "leaseDuration: 1s", "privateConnectionsPerTrunk: 50");
    Path config = dataDir.resolveSibling(dataDir.getFileName() + "-junction.yaml");
    Files.writeString(config, slow);
    return config;
  }
}
