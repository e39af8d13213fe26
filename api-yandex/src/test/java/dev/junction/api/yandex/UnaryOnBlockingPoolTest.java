package dev.junction.api.yandex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.util.SafeCloseable;
import com.linecorp.armeria.server.ServiceRequestContext;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A unary call wrapped by {@link UnaryOnBlockingPool}, driven as Armeria drives it on the event
 * loop (start, message, half-close): the method runs on the request's blocking pool, with the
 * request's context, and what it throws closes the call through the exception handler's path.
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
    Call call = new Call();
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
    Call call = new Call();
    drive(service, call);

    Status status = call.closed.get(10, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(status.getCause()).isSameAs(thrown);
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
    assertThatThrownBy(() -> UnaryOnBlockingPool.intercept(streaming))
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

  /** Starts a call of {@code service}'s Check and sends it one request, as the event loop does. */
  @SuppressWarnings("unchecked")
  private static ServiceRequestContext drive(BindableService service, Call call) {
    ServiceRequestContext ctx =
        ServiceRequestContext.of(HttpRequest.of(HttpMethod.POST, "/grpc.health.v1.Health/Check"));
    ServerServiceDefinition definition = UnaryOnBlockingPool.intercept(service);
    ServerMethodDefinition<HealthCheckRequest, HealthCheckResponse> check =
        (ServerMethodDefinition<HealthCheckRequest, HealthCheckResponse>)
            definition.getMethod("grpc.health.v1.Health/Check");
    call.descriptor = check.getMethodDescriptor();
    try (SafeCloseable ignored = ctx.push()) {
      ServerCall.Listener<HealthCheckRequest> listener =
          check.getServerCallHandler().startCall(call, new Metadata());
      listener.onReady();
      listener.onMessage(HealthCheckRequest.getDefaultInstance());
      listener.onHalfClose();
    }
    return ctx;
  }

  /** The server's side of one call, at the edge: what was sent, and how it closed. */
  private static final class Call extends ServerCall<HealthCheckRequest, HealthCheckResponse> {
    final CompletableFuture<Status> closed = new CompletableFuture<>();
    volatile MethodDescriptor<HealthCheckRequest, HealthCheckResponse> descriptor;
    volatile HealthCheckResponse sent;

    @Override
    public void request(int numMessages) {}

    @Override
    public void sendHeaders(Metadata headers) {}

    @Override
    public void sendMessage(HealthCheckResponse message) {
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
    public MethodDescriptor<HealthCheckRequest, HealthCheckResponse> getMethodDescriptor() {
      return descriptor;
    }
  }
}
