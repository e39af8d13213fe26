package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.junction.api.yandex.cic.v1.GetPrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.PrivateConnectionServiceGrpc;
import dev.junction.server.auth.AdminToken;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
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

/**
 * The two cheapest calls a client can make, which the benchmarks measure against: {@code GET
 * /junction/v1/whoami} (authenticated) and the standard gRPC health service (not).
 */
class BaselineEndpointsTest {
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

  private static String grpcBase() {
    return "http://127.0.0.1:" + server.server.grpcPort();
  }

  @Test
  void whoamiAnswersWhoTheBearerTokenStandsFor() {
    RunningServer.Answer answer = server.get("/junction/v1/whoami");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("content-type")).startsWith("application/json");
    assertThat(answer.json().path("principalId").asText()).isEqualTo("operator");
    assertThat(answer.json().path("tenantId").asText()).isEqualTo("provider");
    assertThat(answer.json().path("kind").asText()).isEqualTo("user");
    assertThat(answer.json().path("operator").asBoolean()).isTrue();
    assertThat(answer.text()).doesNotContain(server.token);
  }

  @Test
  void whoamiAnswersTheSameBytesAsWhenItsBodyWasAJacksonTree() {
    // The body is written by hand since the warm profile of P1 (docs/performance.md): the same
    // fields, in the same order, with nothing between them.
    assertThat(server.get("/junction/v1/whoami").text())
        .isEqualTo(
            "{\"principalId\":\"operator\",\"tenantId\":\"provider\",\"kind\":\"user\","
                + "\"operator\":true}");
  }

  @Test
  void whoamiAnswersATenantsServiceAccountAndAGlobalKey() throws Exception {
    String tenant = server.tenant("whoami-co", "whoami-folder");
    String ann = server.principal(tenant, "ann", "ann@whoami.test", "whoami-folder", "viewer");
    String annToken = server.tokenFor(ann);
    RunningServer.Answer answer = server.as(annToken, "GET", "/junction/v1/whoami", null);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("principalId").asText()).isEqualTo(ann);
    assertThat(answer.json().path("tenantId").asText()).isEqualTo(tenant);
    assertThat(answer.json().path("operator").asBoolean()).isFalse();

    String ci =
        server
            .admin(
                "/admin/v1/principals",
                "{\"tenantId\":\"%s\",\"name\":\"ci\",\"kind\":\"service_account\"}"
                    .formatted(tenant))
            .path("id")
            .asText();
    assertThat(
            server
                .as(server.tokenFor(ci), "GET", "/junction/v1/whoami", null)
                .json()
                .path("kind")
                .asText())
        .isEqualTo("service_account");

    String key = AdminToken.read(dataDir.resolve(AdminToken.GLOBAL_KEY_FILE_NAME)).orElseThrow();
    RunningServer.Answer byKey =
        server.anonymous(
            "GET",
            "/junction/v1/whoami",
            null,
            "X-Auth-Email",
            "admin@junction.local",
            "X-Auth-Key",
            key);
    assertThat(byKey.status()).isEqualTo(200);
    assertThat(byKey.json().path("principalId").asText()).isEqualTo("operator");
  }

  @Test
  void whoamiRefusesARequestWithoutAValidCredential() {
    RunningServer.Answer none = server.anonymous("GET", "/junction/v1/whoami", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().path("code").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(none.text()).doesNotContain("principalId");

    RunningServer.Answer wrong =
        server.anonymous(
            "GET", "/junction/v1/whoami", null, "Authorization", "Bearer jct_not-a-token");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().path("message").asText()).isEqualTo("the bearer token is not valid");
  }

  @Test
  void whoamiIsOnlyRead() {
    RunningServer.Answer post = server.post("/junction/v1/whoami", "{}");
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.json().path("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
    RunningServer.Answer query = server.get("/junction/v1/whoami?x=1");
    assertThat(query.status()).isEqualTo(400);
    assertThat(query.json().path("message").asText()).startsWith("query:");
    assertThat(server.get("/junction/v1/network/nothing-here").status())
        .as("the network endpoint next to it is still routed")
        .isEqualTo(404);
  }

  @Test
  void grpcHealthAnswersWithoutCredentials() {
    HealthGrpc.HealthBlockingStub health =
        GrpcClients.builder(grpcBase()).build(HealthGrpc.HealthBlockingStub.class);
    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

    PrivateConnectionServiceGrpc.PrivateConnectionServiceBlockingStub unauthenticated =
        GrpcClients.builder(grpcBase())
            .build(PrivateConnectionServiceGrpc.PrivateConnectionServiceBlockingStub.class);
    assertThatThrownBy(
            () ->
                unauthenticated.get(
                    GetPrivateConnectionRequest.newBuilder()
                        .setPrivateConnectionId("cpcnothing")
                        .build()))
        .as("the API next to it still needs credentials")
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void reflectionListsTheHealthService() throws Exception {
    ServerReflectionGrpc.ServerReflectionStub stub =
        GrpcClients.builder(grpcBase())
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
    stream.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    stream.onCompleted();
    done.get(30, TimeUnit.SECONDS);
    assertThat(answers.get(0).getListServicesResponse().getServiceList())
        .extracting(ServiceResponse::getName)
        .contains("grpc.health.v1.Health", "yandex.cloud.cic.v1.PrivateConnectionService");
  }
}
