package dev.junction.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import dev.junction.api.yandex.cic.v1.GetPrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.PrivateConnectionServiceGrpc;
import dev.junction.bench.suite.Load.Answer;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls the suite makes on one server: REST through Armeria's {@code WebClient}, gRPC through
 * the Yandex stubs of {@code api-yandex} and the standard health service, all over loopback, with
 * the bootstrap operator's token (the server's {@code <data-dir>/admin-token}) where authenticated.
 *
 * <p>The calls are spread, one after the other, over some connections, each of its own client
 * factory. A server serves each connection on one of its event loops, and on the embedded store it
 * runs reads there: so P1's reads go over {@link #READ_CONNECTIONS}, since a load generator of one
 * connection measured one event loop rather than the server. The writes (P2, P3, P6) keep one
 * connection: their work is the writer's and the worker's, which the connections do not spread, and
 * at saturation more connections only had the server refuse more creates at admission
 * (docs/performance.md, "The load generator").
 */
final class Clients implements AutoCloseable {
  /**
   * The connections of P1's reads: as many as the server has event loops when it runs on the same
   * machine, unless the system property {@code junction.bench.connections} (run.sh: {@code
   * BENCH_CONNECTIONS}) says otherwise.
   */
  static final int READ_CONNECTIONS =
      Math.max(
          1,
          Integer.getInteger(
              "junction.bench.connections", 2 * Runtime.getRuntime().availableProcessors()));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final List<Lane> lanes;
  private final AtomicInteger next = new AtomicInteger();

  /** The clients of one connection (per port). */
  private record Lane(
      ClientFactory factory,
      WebClient anonymous,
      WebClient authenticated,
      PrivateConnectionServiceGrpc.PrivateConnectionServiceFutureStub connections,
      HealthGrpc.HealthFutureStub health) {}

  /** Returns clients of {@code server} over one connection. */
  Clients(Server server) {
    this(server, 1);
  }

  /** Returns clients of {@code server} over {@code connections} connections. */
  Clients(Server server, int connections) {
    this(server.httpPort(), server.grpcPort(), server.token(), connections);
  }

  /**
   * Returns clients of the server on loopback at these ports, authenticated with {@code token},
   * over {@code connections} connections.
   */
  Clients(int httpPort, int grpcPort, String token, int connections) {
    List<Lane> lanes = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      lanes.add(lane(httpPort, grpcPort, token));
    }
    this.lanes = List.copyOf(lanes);
  }

  private static Lane lane(int httpPort, int grpcPort, String token) {
    ClientFactory factory = ClientFactory.builder().build();
    String rest = "http://127.0.0.1:" + httpPort;
    String grpc = "http://127.0.0.1:" + grpcPort;
    return new Lane(
        factory,
        WebClient.builder(rest).factory(factory).responseTimeout(TIMEOUT).build(),
        WebClient.builder(rest)
            .factory(factory)
            .responseTimeout(TIMEOUT)
            .addHeader("authorization", "Bearer " + token)
            .build(),
        GrpcClients.builder(grpc)
            .factory(factory)
            .responseTimeout(TIMEOUT)
            .addHeader("authorization", "Bearer " + token)
            .build(PrivateConnectionServiceGrpc.PrivateConnectionServiceFutureStub.class),
        GrpcClients.builder(grpc)
            .factory(factory)
            .responseTimeout(TIMEOUT)
            .build(HealthGrpc.HealthFutureStub.class));
  }

  /** Returns the clients of the next connection, in turn. */
  private Lane lane() {
    return lanes.get(Math.floorMod(next.getAndIncrement(), lanes.size()));
  }

  /** Returns an unauthenticated {@code GET path} as a call of the load generator. */
  Load.Call anonymousGet(String path) {
    return () -> answer(lane().anonymous().get(path).aggregate());
  }

  /** Returns an authenticated {@code GET path} as a call of the load generator. */
  Load.Call get(String path) {
    return () -> answer(lane().authenticated().get(path).aggregate());
  }

  /** Returns an authenticated {@code POST path} of a JSON body as a call. */
  CompletableFuture<AggregatedHttpResponse> post(String path, String json) {
    return lane()
        .authenticated()
        .execute(
            HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, path)
                    .contentType(MediaType.JSON_UTF_8)
                    .build(),
                com.linecorp.armeria.common.HttpData.ofUtf8(json)))
        .aggregate();
  }

  /** Sends an authenticated {@code GET path} and waits for its answer. */
  AggregatedHttpResponse getNow(String path) {
    return lane().authenticated().get(path).aggregate().join();
  }

  /** Sends an authenticated {@code GET path}, waits, and returns the body of a 200 as JSON. */
  JsonNode json(String path) {
    AggregatedHttpResponse response = getNow(path);
    if (response.status().code() != 200) {
      throw new IllegalStateException(
          "GET " + path + " answered " + response.status() + ": " + response.contentUtf8());
    }
    try {
      return JSON.readTree(response.contentUtf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends an authenticated {@code GET path}; completes with the body of a 200, else null. */
  CompletableFuture<JsonNode> jsonAsync(String path) {
    return lane()
        .authenticated()
        .get(path)
        .aggregate()
        .handle(
            (response, failure) -> {
              if (failure != null || response.status().code() != 200) {
                return null;
              }
              try {
                return JSON.readTree(response.contentUtf8());
              } catch (IOException e) {
                return null;
              }
            });
  }

  /** Returns the gRPC {@code PrivateConnectionService/Get} of {@code id} as a call. */
  Load.Call grpcGet(String id) {
    GetPrivateConnectionRequest request =
        GetPrivateConnectionRequest.newBuilder().setPrivateConnectionId(id).build();
    return () -> answer(lane().connections().get(request));
  }

  /** Returns the unauthenticated {@code grpc.health.v1.Health/Check} as a call. */
  Load.Call grpcHealth() {
    HealthCheckRequest request = HealthCheckRequest.getDefaultInstance();
    return () -> answer(lane().health().check(request));
  }

  private static CompletableFuture<Answer> answer(
      CompletableFuture<AggregatedHttpResponse> response) {
    return response.handle(
        (r, failure) -> {
          if (failure != null) {
            return Answer.error(failure.toString());
          }
          int code = r.status().code();
          return code >= 200 && code < 300 ? Answer.ok() : Answer.refused("HTTP " + code);
        });
  }

  private static <T> CompletableFuture<Answer> answer(ListenableFuture<T> call) {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    Futures.addCallback(
        call,
        new FutureCallback<T>() {
          @Override
          public void onSuccess(T result) {
            answer.complete(Answer.ok());
          }

          @Override
          public void onFailure(Throwable failure) {
            Status status = Status.fromThrowable(failure);
            answer.complete(
                status.getCode() == Status.Code.UNKNOWN
                    ? Answer.error(failure.toString())
                    : Answer.refused("gRPC " + status.getCode()));
          }
        },
        MoreExecutors.directExecutor());
    return answer;
  }

  @Override
  public void close() {
    lanes.forEach(lane -> lane.factory().close());
  }
}
