package dev.junction.api.yandex;

import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import com.linecorp.armeria.common.grpc.protocol.ArmeriaStatusException;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.zip.ZipException;

/**
 * The gRPC service's error mapping: what went wrong reading the request (a message that cannot be
 * decoded, a frame the deframer refused, a body over the limit) is the client's fault and answers
 * INVALID_ARGUMENT or RESOURCE_EXHAUSTED; everything else is mapped by {@link YandexErrors}.
 */
final class GrpcErrors implements GrpcExceptionHandlerFunction {
  private final int maxMessageBytes;

  GrpcErrors(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public @Nullable Status apply(
      RequestContext ctx, Status status, Throwable cause, Metadata metadata) {
    if (cause instanceof ContentTooLargeException) {
      return Status.RESOURCE_EXHAUSTED.withDescription(
          "the request message is larger than the limit of " + maxMessageBytes + " bytes");
    }
    if (cause instanceof ArmeriaStatusException deframer) {
      Status.Code code = Status.fromCodeValue(deframer.getCode()).getCode();
      if (code == Status.Code.RESOURCE_EXHAUSTED) {
        return Status.RESOURCE_EXHAUSTED.withDescription(
            "the request message is larger than the limit of " + maxMessageBytes + " bytes");
      }
      if (code == Status.Code.INTERNAL || code == Status.Code.UNKNOWN) {
        return Status.INVALID_ARGUMENT.withDescription(
            "the request is not a valid gRPC message stream: " + detail(deframer));
      }
    }
    if (caused(cause, ZipException.class)) {
      return Status.INVALID_ARGUMENT.withDescription(
          "the request message cannot be decompressed as its grpc-encoding says");
    }
    InvalidProtocolBufferException undecodable = undecodable(cause);
    if (undecodable != null) {
      return Status.INVALID_ARGUMENT.withDescription(
          "the request message cannot be decoded: " + undecodable.getMessage());
    }
    return YandexErrors.INSTANCE.apply(ctx, status, cause, metadata);
  }

  private static String detail(ArmeriaStatusException deframer) {
    String message = deframer.getMessage() == null ? "" : deframer.getMessage();
    int colon = message.indexOf(": ");
    // The deframer's messages may start with its class name; the client needs only the reason.
    return colon > 0 && message.substring(0, colon).contains(".")
        ? message.substring(colon + 2)
        : message;
  }

  private static boolean caused(Throwable cause, Class<? extends Throwable> type) {
    for (Throwable each = cause; each != null; each = each.getCause()) {
      if (type.isInstance(each)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the protobuf decoding failure {@code cause} is or wraps, null if it is none. */
  private static @Nullable InvalidProtocolBufferException undecodable(Throwable cause) {
    for (Throwable each = cause; each != null; each = each.getCause()) {
      if (each instanceof InvalidProtocolBufferException invalid) {
        return invalid;
      }
    }
    return null;
  }
}
