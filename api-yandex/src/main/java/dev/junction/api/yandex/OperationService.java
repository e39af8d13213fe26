package dev.junction.api.yandex;

import static dev.junction.api.yandex.Replies.reply;
import static java.util.Objects.requireNonNull;

import dev.junction.api.yandex.operation.CancelOperationRequest;
import dev.junction.api.yandex.operation.GetOperationRequest;
import dev.junction.api.yandex.operation.Operation;
import dev.junction.api.yandex.operation.OperationServiceGrpc;
import dev.junction.core.operation.Operations;
import io.grpc.stub.StreamObserver;

/** {@code yandex.cloud.operation.OperationService}: get an operation, ask to cancel one. */
final class OperationService extends OperationServiceGrpc.OperationServiceImplBase {
  private final Operations operations;
  private final Callers callers;
  private final OperationWire wire;

  OperationService(Operations operations, Callers callers, OperationWire wire) {
    this.operations = requireNonNull(operations, "operations");
    this.callers = requireNonNull(callers, "callers");
    this.wire = requireNonNull(wire, "wire");
  }

  @Override
  public void get(GetOperationRequest request, StreamObserver<Operation> out) {
    String id = Requests.id("operation_id", request.getOperationId());
    reply(out, wire.operation(operations.get(callers.current(), id)));
  }

  @Override
  public void cancel(CancelOperationRequest request, StreamObserver<Operation> out) {
    String id = Requests.id("operation_id", request.getOperationId());
    reply(out, wire.operation(operations.cancel(callers.current(), id)));
  }
}
