package dev.junction.api.yandex.rest;

import com.linecorp.armeria.common.annotation.Nullable;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;

/**
 * Calls a unary gRPC method in this process, without a transport: the REST path reaches the same
 * service code, interceptors included, as a gRPC client does.
 */
final class UnaryInvoker {
  private UnaryInvoker() {}

  /** The end of one call: a response, or a status with trailers. */
  record Outcome(@Nullable Object response, Status status, Metadata trailers) {}

  /**
   * Calls {@code method} with {@code request} and returns how it ended.
   *
   * @throws RuntimeException what the service method threw, for the caller to map
   */
  @SuppressWarnings("unchecked")
  static <Q, R> Outcome invoke(
      ServerMethodDefinition<Q, R> method, Object request, Metadata headers) {
    CapturingCall<Q, R> call = new CapturingCall<>(method.getMethodDescriptor());
    ServerCall.Listener<Q> listener = method.getServerCallHandler().startCall(call, headers);
    listener.onReady();
    listener.onMessage((Q) request);
    listener.onHalfClose();
    if (call.status == null) {
      listener.onCancel();
      return new Outcome(
          null, Status.INTERNAL.withDescription("the method did not answer"), new Metadata());
    }
    listener.onComplete();
    return new Outcome(call.response, call.status, call.trailers);
  }

  private static final class CapturingCall<Q, R> extends ServerCall<Q, R> {
    private final MethodDescriptor<Q, R> descriptor;
    private @Nullable R response;
    private @Nullable Status status;
    private Metadata trailers = new Metadata();

    CapturingCall(MethodDescriptor<Q, R> descriptor) {
      this.descriptor = descriptor;
    }

    @Override
    public void request(int numMessages) {}

    @Override
    public void sendHeaders(Metadata headers) {}

    @Override
    public void sendMessage(R message) {
      response = message;
    }

    @Override
    public void close(Status closing, Metadata closingTrailers) {
      status = closing;
      trailers = closingTrailers;
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
