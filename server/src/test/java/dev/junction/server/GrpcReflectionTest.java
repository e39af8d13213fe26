package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.grpc.GrpcClients;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gRPC server reflection through grpc-java's reflection stub, as generic clients use it. */
class GrpcReflectionTest {
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

  /** Sends {@code requests} on one reflection stream and returns every answer. */
  private static List<ServerReflectionResponse> reflect(ServerReflectionRequest... requests)
      throws Exception {
    ServerReflectionGrpc.ServerReflectionStub stub =
        GrpcClients.builder("http://127.0.0.1:" + server.server.grpcPort())
            .addHeader("authorization", "Bearer " + server.token)
            .build(ServerReflectionGrpc.ServerReflectionStub.class);
    List<ServerReflectionResponse> answers = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> stream =
        stub.serverReflectionInfo(
            new StreamObserver<>() {
              @Override
              public void onNext(ServerReflectionResponse value) {
                synchronized (answers) {
                  answers.add(value);
                }
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(null);
              }
            });
    for (ServerReflectionRequest request : requests) {
      stream.onNext(request);
    }
    stream.onCompleted();
    done.get(30, TimeUnit.SECONDS);
    return answers;
  }

  @Test
  void listsEveryServiceOfTheDialect() throws Exception {
    List<ServerReflectionResponse> answers =
        reflect(ServerReflectionRequest.newBuilder().setListServices("").build());
    assertThat(answers).hasSize(1);
    assertThat(answers.get(0).getListServicesResponse().getServiceList())
        .extracting(ServiceResponse::getName)
        .contains(
            "yandex.cloud.cic.v1.PrivateConnectionService",
            "yandex.cloud.cic.v1.TrunkConnectionService",
            "yandex.cloud.operation.OperationService",
            "yandex.cloud.endpoint.ApiEndpointService",
            "grpc.reflection.v1.ServerReflection");
  }

  @Test
  void refusesAStrangerAsUnauthenticated() {
    ServerReflectionGrpc.ServerReflectionStub stub =
        GrpcClients.builder("http://127.0.0.1:" + server.server.grpcPort())
            .addHeader("authorization", "Bearer forged")
            .build(ServerReflectionGrpc.ServerReflectionStub.class);
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> stream =
        stub.serverReflectionInfo(
            new StreamObserver<>() {
              @Override
              public void onNext(ServerReflectionResponse value) {}

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(null);
              }
            });
    stream.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    stream.onCompleted();
    assertThat(done)
        .failsWithin(java.time.Duration.ofSeconds(30))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            io.grpc.StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED));
  }

  @Test
  void describesAServiceByItsSymbol() throws Exception {
    List<ServerReflectionResponse> answers =
        reflect(
            ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol("yandex.cloud.cic.v1.PrivateConnectionService")
                .build());
    assertThat(answers).hasSize(1);
    assertThat(answers.get(0).hasErrorResponse()).as(answers.get(0).toString()).isFalse();
    assertThat(answers.get(0).getFileDescriptorResponse().getFileDescriptorProtoCount())
        .isPositive();
  }
}
