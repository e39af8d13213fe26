package dev.junction.api.yandex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.util.SafeCloseable;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.api.yandex.cic.v1.DeletePrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.GetPrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.PrivateConnection;
import dev.junction.api.yandex.cic.v1.PrivateConnectionServiceGrpc;
import dev.junction.api.yandex.operation.Operation;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A unary call wrapped by {@link UnaryOnBlockingPool}, driven as Armeria drives it on the event
 * loop (start, message, half-close): the method runs on the request's blocking pool, with the
 * request's context, and what it throws closes the call through the exception handler's path; a
 * read stays on the event loop when reads run in place.
 */
class UnaryOnBlockingPoolTest {
  /** The thread a method ran on, and the context it saw. */
  private record Ran(Thread thread, ServiceRequestContext ctx) {}

  @Test
  void theMethodRunsOnTheBlockingPoolWithTheRequestsContext() throws Exception {
    CompletableFuture<Ran> ran = new CompletableFuture<>();
    BindableService service =
        checkOnly(
            (request, responses) -> {
              ran.complete(new Ran(Thread.currentThread(), ServiceRequestContext.current()));
              responses.onNext(HealthCheckResponse.getDefaultInstance());
              responses.onCompleted();
            });
    Call<HealthCheckRequest, HealthCheckResponse> call = new Call<>();
    ServiceRequestContext ctx = drive(service, call);

    assertThat(call.closed.get(10, TimeUnit.SECONDS).isOk()).isTrue();
    assertThat(call.sent).isEqualTo(HealthCheckResponse.getDefaultInstance());
    Ran where = ran.get();
    assertThat(where.thread()).isNotEqualTo(Thread.currentThread());
    assertThat(where.thread().getName()).startsWith("armeria-common-blocking-tasks");
    assertThat(where.ctx()).isSameAs(ctx);
  }

  @Test
  void aMethodThatThrowsClosesTheCallWithItsCause() throws Exception {
    IllegalStateException thrown = new IllegalStateException("broken");
    BindableService service =
        checkOnly(
            (request, responses) -> {
              throw thrown;
            });
    Call<HealthCheckRequest, HealthCheckResponse> call = new Call<>();
    drive(service, call);

    Status status = call.closed.get(10, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(status.getCause()).isSameAs(thrown);
  }

  @Test
  void aReadStaysOnTheEventLoopWhenReadsRunInPlaceAndAChangeStillGoesToTheBlockingPool()
      throws Exception {
    Map<String, CompletableFuture<Thread>> ran = new ConcurrentHashMap<>();
    ServerServiceDefinition definition = UnaryOnBlockingPool.intercept(getAndDelete(ran), true);

    Thread eventLoop = Thread.currentThread();
    Call<GetPrivateConnectionRequest, PrivateConnection> get = new Call<>();
    drive(
        definition,
        PrivateConnectionServiceGrpc.getGetMethod(),
        GetPrivateConnectionRequest.getDefaultInstance(),
        get);
    Call<DeletePrivateConnectionRequest, Operation> delete = new Call<>();
    drive(
        definition,
        PrivateConnectionServiceGrpc.getDeleteMethod(),
        DeletePrivateConnectionRequest.getDefaultInstance(),
        delete);

    assertThat(get.closed.get(10, TimeUnit.SECONDS).isOk()).isTrue();
    assertThat(delete.closed.get(10, TimeUnit.SECONDS).isOk()).isTrue();
    assertThat(ran.get("Get").get()).isSameAs(eventLoop);
    assertThat(ran.get("Delete").get().getName()).startsWith("armeria-common-blocking-tasks");
  }

  @Test
  void aReadGoesToTheBlockingPoolWhenReadsDoNotRunInPlace() throws Exception {
    Map<String, CompletableFuture<Thread>> ran = new ConcurrentHashMap<>();
    ServerServiceDefinition definition = UnaryOnBlockingPool.intercept(getAndDelete(ran), false);

    Call<GetPrivateConnectionRequest, PrivateConnection> get = new Call<>();
    drive(
        definition,
        PrivateConnectionServiceGrpc.getGetMethod(),
        GetPrivateConnectionRequest.getDefaultInstance(),
        get);

    assertThat(get.closed.get(10, TimeUnit.SECONDS).isOk()).isTrue();
    assertThat(ran.get("Get").get().getName()).startsWith("armeria-common-blocking-tasks");
  }

  @Test
  void aMethodIsAReadWhenItsHttpRuleIsAGet() {
    assertThat(UnaryOnBlockingPool.isRead(PrivateConnectionServiceGrpc.getGetMethod())).isTrue();
    assertThat(UnaryOnBlockingPool.isRead(PrivateConnectionServiceGrpc.getListMethod())).isTrue();
    assertThat(UnaryOnBlockingPool.isRead(PrivateConnectionServiceGrpc.getCreateMethod()))
        .isFalse();
    assertThat(UnaryOnBlockingPool.isRead(PrivateConnectionServiceGrpc.getUpdateMethod()))
        .isFalse();
    assertThat(UnaryOnBlockingPool.isRead(HealthGrpc.getCheckMethod())).isFalse();
  }

  @Test
  void aServiceWithAStreamingMethodIsRefused() {
    BindableService streaming =
        () ->
            ServerServiceDefinition.builder("test.Streams")
                .addMethod(
                    MethodDescriptor.<HealthCheckRequest, HealthCheckResponse>newBuilder()
                        .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
                        .setFullMethodName("test.Streams/Watch")
                        .setRequestMarshaller(
                            io.grpc.protobuf.ProtoUtils.marshaller(
                                HealthCheckRequest.getDefaultInstance()))
                        .setResponseMarshaller(
                            io.grpc.protobuf.ProtoUtils.marshaller(
                                HealthCheckResponse.getDefaultInstance()))
                        .build(),
                    (call, headers) -> new ServerCall.Listener<>() {})
                .build();
    assertThatThrownBy(() -> UnaryOnBlockingPool.intercept(streaming, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test.Streams/Watch");
  }

  /** Returns a service of the one unary method Health/Check, answered by {@code method}. */
  private static BindableService checkOnly(
      ServerCalls.UnaryMethod<HealthCheckRequest, HealthCheckResponse> method) {
    return () ->
        ServerServiceDefinition.builder("grpc.health.v1.Health")
            .addMethod(HealthGrpc.getCheckMethod(), ServerCalls.asyncUnaryCall(method))
            .build();
  }

  /**
   * Returns a service of PrivateConnectionService's Get (a read) and Delete (a change), each
   * answering a default message and noting in {@code ran} the thread it ran on.
   */
  private static BindableService getAndDelete(Map<String, CompletableFuture<Thread>> ran) {
    ran.put("Get", new CompletableFuture<>());
    ran.put("Delete", new CompletableFuture<>());
    return () ->
        ServerServiceDefinition.builder(PrivateConnectionServiceGrpc.SERVICE_NAME)
            .addMethod(
                PrivateConnectionServiceGrpc.getGetMethod(),
                ServerCalls.asyncUnaryCall(
                    (GetPrivateConnectionRequest request,
                        StreamObserver<PrivateConnection> responses) -> {
                      ran.get("Get").complete(Thread.currentThread());
                      responses.onNext(PrivateConnection.getDefaultInstance());
                      responses.onCompleted();
                    }))
            .addMethod(
                PrivateConnectionServiceGrpc.getDeleteMethod(),
                ServerCalls.asyncUnaryCall(
                    (DeletePrivateConnectionRequest request,
                        StreamObserver<Operation> responses) -> {
                      ran.get("Delete").complete(Thread.currentThread());
                      responses.onNext(Operation.getDefaultInstance());
                      responses.onCompleted();
                    }))
            .build();
  }

  /** Starts a call of {@code service}'s Check and sends it one request, as the event loop does. */
  private static ServiceRequestContext drive(
      BindableService service, Call<HealthCheckRequest, HealthCheckResponse> call) {
    return drive(
        UnaryOnBlockingPool.intercept(service, true),
        HealthGrpc.getCheckMethod(),
        HealthCheckRequest.getDefaultInstance(),
        call);
  }

  /**
   * Starts a call of {@code method} in {@code definition} and sends it {@code request}, as the
   * event loop does: on the calling thread, with a request's context pushed.
   */
  @SuppressWarnings("unchecked")
  private static <Q, R> ServiceRequestContext drive(
      ServerServiceDefinition definition,
      MethodDescriptor<Q, R> method,
      Q request,
      Call<Q, R> call) {
    ServiceRequestContext ctx =
        ServiceRequestContext.of(HttpRequest.of(HttpMethod.POST, "/" + method.getFullMethodName()));
    ServerMethodDefinition<Q, R> bound =
        (ServerMethodDefinition<Q, R>) definition.getMethod(method.getFullMethodName());
    call.descriptor = bound.getMethodDescriptor();
    try (SafeCloseable ignored = ctx.push()) {
      ServerCall.Listener<Q> listener =
          bound.getServerCallHandler().startCall(call, new Metadata());
      listener.onReady();
      listener.onMessage(request);
      listener.onHalfClose();
    }
    return ctx;
  }

  /** The server's side of one call, at the edge: what was sent, and how it closed. */
  private static final class Call<Q, R> extends ServerCall<Q, R> {
    final CompletableFuture<Status> closed = new CompletableFuture<>();
    volatile MethodDescriptor<Q, R> descriptor;
    volatile R sent;

    @Override
    public void request(int numMessages) {}

    @Override
    public void sendHeaders(Metadata headers) {}

    @Override
    public void sendMessage(R message) {
      sent = message;
    }

    @Override
    public void close(Status status, Metadata trailers) {
      closed.complete(status);
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
      return descriptor;
    }
  }
}
