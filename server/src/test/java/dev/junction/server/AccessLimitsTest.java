package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Int64Value;
import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.junction.api.yandex.cic.v1.BatchGetPrivateConnectionsRequest;
import dev.junction.api.yandex.cic.v1.CreatePrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.GetPrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.ListPointOfPresencesRequest;
import dev.junction.api.yandex.cic.v1.PeeringRequest;
import dev.junction.api.yandex.cic.v1.PointOfPresenceServiceGrpc;
import dev.junction.api.yandex.cic.v1.PrivateConnectionServiceGrpc;
import dev.junction.server.RunningServer.Answer;
import dev.junction.server.config.LimitsSettings;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access over gRPC, revocation while requests are in flight, and the limits: request rate per
 * credential, request size and page size. The server runs with a low rate (5 per second, bursts of
 * 20) and pages of at most 2 items.
 */
class AccessLimitsTest {
  @TempDir static Path dataDir;
  private static RunningServer server;
  private static String acme;
  private static String viewer;
  private static String editor;
  private static String stranger;
  private static String connection;

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir, new LimitsSettings(5, 20, 64 * 1024, 2));
    acme = server.tenant("acme", "folder-a");
    String rival = server.tenant("rival", "folder-b");
    viewer = server.principal(acme, "viewer", "v@acme.test", "folder-a", "viewer");
    editor = server.principal(acme, "editor", "e@acme.test", "folder-a", "editor");
    stranger = server.principal(rival, "stranger", "s@rival.test", "folder-b", "editor");
    var created =
        connections(server.token)
            .create(
                CreatePrivateConnectionRequest.newBuilder()
                    .setFolderId("folder-a")
                    .setName("pc-a")
                    .setTrunkConnectionId("cftdemotrunk00000001")
                    .setVlanId(Int64Value.of(300))
                    .setIpv4Peering(
                        PeeringRequest.newBuilder()
                            .setPeeringSubnet("192.168.30.0/31")
                            .setPeerIp("192.168.30.0")
                            .setCloudIp("192.168.30.1")
                            .setPeerBgpAsn(65001))
                    .build());
    connection =
        created
            .getMetadata()
            .unpack(dev.junction.api.yandex.cic.v1.CreatePrivateConnectionMetadata.class)
            .getPrivateConnectionId();
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

  private static PrivateConnectionServiceGrpc.PrivateConnectionServiceBlockingStub connections(
      String token) {
    return client(PrivateConnectionServiceGrpc.PrivateConnectionServiceBlockingStub.class, token);
  }

  private static Status.Code code(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void answersGrpcCallsAsTheCallersRolesAllow() {
    GetPrivateConnectionRequest get =
        GetPrivateConnectionRequest.newBuilder().setPrivateConnectionId(connection).build();
    CreatePrivateConnectionRequest invalid =
        CreatePrivateConnectionRequest.newBuilder()
            .setFolderId("folder-a")
            .setTrunkConnectionId("cftdemotrunk00000001")
            .setVlanId(Int64Value.of(1))
            .build();
    assertThat(code(() -> connections(server.tokenFor(viewer)).get(get))).isEqualTo(Status.Code.OK);
    assertThat(code(() -> connections(server.tokenFor(stranger)).get(get)))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(code(() -> connections("jct_forged").get(get)))
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(code(() -> connections(server.tokenFor(viewer)).create(invalid)))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(code(() -> connections(server.tokenFor(editor)).create(invalid)))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> connections(server.tokenFor(stranger)).create(invalid)))
        .isEqualTo(Status.Code.NOT_FOUND);
    BatchGetPrivateConnectionsRequest batch =
        BatchGetPrivateConnectionsRequest.newBuilder().addPrivateConnectionIds(connection).build();
    assertThat(connections(server.tokenFor(stranger)).batchGet(batch).getPrivateConnectionsCount())
        .isZero();
    assertThat(connections(server.tokenFor(viewer)).batchGet(batch).getPrivateConnectionsCount())
        .isEqualTo(1);
  }

  @Test
  void refusesARevokedTokenFromTheNextRequestOnWhileOthersAreInFlight() throws Exception {
    String secret = server.tokenFor(editor);
    String tokenId =
        server
            .get("/admin/v1/tokens?principalId=" + editor)
            .json()
            .path("tokens")
            .findValuesAsText("id")
            .getLast();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicBoolean revoked = new AtomicBoolean();
    CountDownLatch running = new CountDownLatch(4);
    List<Future<List<String>>> lanes = new ArrayList<>();
    for (int lane = 0; lane < 4; lane++) {
      lanes.add(
          pool.submit(
              () -> {
                List<String> wrong = new ArrayList<>();
                running.countDown();
                for (int i = 0; i < 40; i++) {
                  boolean revokedBefore = revoked.get();
                  Answer answer =
                      server.as(secret, "GET", "/cic/v1/privateConnections/" + connection, null);
                  if (revokedBefore && answer.status() != 401) {
                    wrong.add("after revocation: " + answer.status());
                  }
                  if (!revokedBefore
                      && answer.status() != 200
                      && answer.status() != 401
                      && answer.status() != 429) {
                    wrong.add("before revocation: " + answer.status());
                  }
                }
                return wrong;
              }));
    }
    running.await(10, TimeUnit.SECONDS);
    Thread.sleep(50);
    Answer revocation = server.post("/admin/v1/tokens/" + tokenId + ":revoke", null);
    assertThat(revocation.status()).isEqualTo(200);
    revoked.set(true);
    List<String> wrong = new ArrayList<>();
    for (Future<List<String>> lane : lanes) {
      wrong.addAll(lane.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();
    assertThat(wrong).isEmpty();
    assertThat(server.as(secret, "GET", "/cic/v1/pointOfPresences", null).status()).isEqualTo(401);
  }

  @Test
  void limitsEachCredentialsRateWithRetryAfter() {
    String yandex = server.tokenFor(editor);
    int limited = 0;
    Answer last = null;
    for (int i = 0; i < 40 && limited == 0; i++) {
      last = server.as(yandex, "GET", "/cic/v1/pointOfPresences", null);
      if (last.status() == 429) {
        limited = i;
      }
    }
    assertThat(limited)
        .as("the burst of 20 passes, then requests are refused")
        .isGreaterThanOrEqualTo(20);
    assertThat(last.header("retry-after")).isEqualTo("1");
    assertThat(last.json().path("code").asInt()).isEqualTo(8);
    // Another credential has its own bucket, and the operator is not limited.
    assertThat(server.as(server.tokenFor(editor), "GET", "/cic/v1/pointOfPresences", null).status())
        .isEqualTo(200);
    for (int i = 0; i < 30; i++) {
      assertThat(server.get("/cic/v1/pointOfPresences").status()).isEqualTo(200);
    }

    String cloudflare = server.tokenFor(editor);
    Answer refused = null;
    for (int i = 0; i < 40; i++) {
      refused = server.as(cloudflare, "GET", "/client/v4/accounts/folder-a/cni/slots", null);
      if (refused.status() == 429) {
        break;
      }
    }
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("retry-after")).isEqualTo("1");
    assertThat(refused.json().path("errors").get(0).path("code").asInt()).isEqualTo(10002);

    var grpc =
        client(
            PointOfPresenceServiceGrpc.PointOfPresenceServiceBlockingStub.class,
            server.tokenFor(editor));
    Status.Code seen = Status.Code.OK;
    for (int i = 0; i < 40 && seen == Status.Code.OK; i++) {
      seen = code(() -> grpc.list(ListPointOfPresencesRequest.getDefaultInstance()));
    }
    assertThat(seen).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void refusesABodyOverTheSizeLimit() throws Exception {
    String big = "{\"folderId\":\"folder-a\",\"description\":\"" + "x".repeat(70 * 1024) + "\"}";
    // Over HTTP/1.1: over HTTP/2 the server resets the stream whose body it stopped reading once
    // it has answered, and the JDK's client may then report the reset instead of the answer.
    HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> answer =
        http1.send(
            HttpRequest.newBuilder(URI.create(server.base() + "/cic/v1/privateConnections"))
                .header("Authorization", "Bearer " + server.operatorToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(RunningServer.JSON.readTree(answer.body()).path("code").asInt()).isEqualTo(8);
  }

  @Test
  void capsThePageSizeAtTheConfiguredMaximum() {
    Answer page = server.get("/cic/v1/pointOfPresences?pageSize=1000");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.json().path("pointOfPresences").size()).isEqualTo(2);
    assertThat(page.json().path("nextPageToken").asText()).isNotEmpty();
  }

  @Test
  void refusesTheOperatorApiToTenantsAndRejectsBadGrants() {
    Answer denied = server.as(server.tokenFor(editor), "GET", "/admin/v1/tenants", null);
    assertThat(denied.status()).isEqualTo(403);
    Answer foreign =
        server.post(
            "/admin/v1/principals/" + editor + "/grants",
            "{\"scope\":\"folder-b\",\"role\":\"editor\"}");
    assertThat(foreign.status()).isEqualTo(400);
    assertThat(foreign.json().path("message").asText()).contains("scope");
    Answer badRole =
        server.post(
            "/admin/v1/principals/" + editor + "/grants",
            "{\"scope\":\"folder-a\",\"role\":\"owner\"}");
    assertThat(badRole.status()).isEqualTo(400);
    assertThat(badRole.json().path("message").asText()).contains("role");
    Answer taken = server.post("/admin/v1/tenants/" + acme + "/scopes", "{\"scope\":\"folder-b\"}");
    assertThat(taken.status()).isEqualTo(400);
    Answer tokens = server.get("/admin/v1/tokens");
    assertThat(tokens.text()).doesNotContain("jct_");
  }
}
