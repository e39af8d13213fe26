package dev.junction.api.yandex;

import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import com.linecorp.armeria.common.grpc.protocol.ArmeriaStatusException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
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
    Status deframer = deframerStatus(cause);
    if (deframer != null) {
      if (deframer.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
        return Status.RESOURCE_EXHAUSTED.withDescription(
            "the request message is larger than the limit of " + maxMessageBytes + " bytes");
      }
      if (deframer.getCode() == Status.Code.INTERNAL || deframer.getCode() == Status.Code.UNKNOWN) {
        return Status.INVALID_ARGUMENT.withDescription(
            "the request is not a valid gRPC message stream: "
                + withoutClassName(deframer.getDescription()));
      }
    }
    if (find(cause, ZipException.class) != null) {
      return Status.INVALID_ARGUMENT.withDescription(
          "the request message cannot be decompressed as its grpc-encoding says");
    }
    InvalidProtocolBufferException undecodable = find(cause, InvalidProtocolBufferException.class);
    if (undecodable != null) {
      return Status.INVALID_ARGUMENT.withDescription(
          "the request message cannot be decoded: " + undecodable.getMessage());
    }
    return YandexErrors.INSTANCE.apply(ctx, status, cause, metadata);
  }

  /**
   * Returns the status Armeria's deframer gave {@code cause}: an {@link ArmeriaStatusException}, or
   * a gRPC status exception whose description names one of Armeria's classes (ours never do); null
   * if it is neither.
   */
  private static @Nullable Status deframerStatus(Throwable cause) {
    ArmeriaStatusException armeria = find(cause, ArmeriaStatusException.class);
    if (armeria != null) {
      return Status.fromCodeValue(armeria.getCode()).withDescription(armeria.getMessage());
    }
    for (Throwable each = cause; each != null; each = each.getCause()) {
      Status status =
          each instanceof StatusRuntimeException runtime
              ? runtime.getStatus()
              : each instanceof StatusException checked ? checked.getStatus() : null;
      if (status != null
          && status.getDescription() != null
          && status.getDescription().startsWith("com.linecorp.armeria.")) {
        return status;
      }
    }
    return null;
  }

  /** Returns a deframer's message without the class name it may start with. */
  private static String withoutClassName(@Nullable String message) {
    if (message == null) {
      return "";
    }
    int colon = message.indexOf(": ");
    return colon > 0 && message.substring(0, colon).contains(".")
        ? message.substring(colon + 2).trim()
        : message.trim();
  }

  /** Returns the {@code type} that {@code cause} is or wraps, null if it is none. */
  private static <T extends Throwable> @Nullable T find(Throwable cause, Class<T> type) {
    for (Throwable each = cause; each != null; each = each.getCause()) {
      if (type.isInstance(each)) {
        return type.cast(each);
      }
    }
    return null;
  }
}
