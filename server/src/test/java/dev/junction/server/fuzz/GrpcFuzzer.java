package dev.junction.server.fuzz;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import dev.junction.api.yandex.cic.v1.PartnerServiceGrpc;
import dev.junction.api.yandex.cic.v1.PointOfPresenceServiceGrpc;
import dev.junction.api.yandex.cic.v1.PrivateConnectionServiceGrpc;
import dev.junction.api.yandex.cic.v1.PublicConnectionServiceGrpc;
import dev.junction.api.yandex.cic.v1.TrunkConnectionServiceGrpc;
import dev.junction.api.yandex.cic.v1.TrunkConnectionTicketServiceGrpc;
import dev.junction.api.yandex.endpoint.ApiEndpointServiceGrpc;
import dev.junction.api.yandex.operation.OperationServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Mutated calls of every method of the {@code yandex.cloud.cic.v1} services (and the operation and
 * endpoint services) through a real gRPC client, and malformed frames and metadata sent as raw
 * HTTP/2.
 */
final class GrpcFuzzer {
  private static final java.util.regex.Pattern INTERNALS =
      java.util.regex.Pattern.compile(
          "(com\\.linecorp|io\\.grpc|java\\.lang|dev\\.junction)\\.|Exception");
  private static final Set<Status.Code> NEVER = Set.of(Status.Code.INTERNAL, Status.Code.UNKNOWN);

  private final Random random;
  private final Mutations strings;
  private final Channel channel;
  private final WebClient raw;
  private final String token;
  private final List<MethodDescriptor<?, ?>> methods = new ArrayList<>();
  private final Map<String, String> seeds;

  /**
   * Makes calls to the server's gRPC port; {@code seeds} maps a full method name to a valid request
   * in proto3 JSON (a method without one starts from the empty request).
   */
  GrpcFuzzer(Random random, Mutations strings, int port, String token, Map<String, String> seeds) {
    this.random = random;
    this.strings = strings;
    this.token = token;
    this.seeds = seeds;
    this.channel =
        GrpcClients.builder("http://127.0.0.1:" + port)
            .addHeader("authorization", "Bearer " + token)
            .maxRequestMessageLength(16 * 1024 * 1024)
            .maxResponseMessageLength(16 * 1024 * 1024)
            .responseTimeout(Duration.ofSeconds(30))
            .build(PointOfPresenceServiceGrpc.PointOfPresenceServiceBlockingStub.class)
            .getChannel();
    this.raw =
        WebClient.builder("h2c://127.0.0.1:" + port)
            .maxResponseLength(0)
            .responseTimeout(Duration.ofSeconds(30))
            .build();
    for (ServiceDescriptor service :
        List.of(
            PrivateConnectionServiceGrpc.getServiceDescriptor(),
            PublicConnectionServiceGrpc.getServiceDescriptor(),
            TrunkConnectionServiceGrpc.getServiceDescriptor(),
            TrunkConnectionTicketServiceGrpc.getServiceDescriptor(),
            PointOfPresenceServiceGrpc.getServiceDescriptor(),
            PartnerServiceGrpc.getServiceDescriptor(),
            OperationServiceGrpc.getServiceDescriptor(),
            ApiEndpointServiceGrpc.getServiceDescriptor())) {
      methods.addAll(service.getMethods());
    }
  }

  /** Returns the names of every method the fuzzer calls. */
  List<String> methodNames() {
    return methods.stream().map(MethodDescriptor::getFullMethodName).toList();
  }

  /** Returns the valid request of {@code method}. */
  Message seed(MethodDescriptor<?, ?> method) {
    Message prototype =
        (Message)
            ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
                .getMessagePrototype();
    Message.Builder builder = prototype.newBuilderForType();
    try {
      JsonFormat.parser().merge(seeds.getOrDefault(method.getFullMethodName(), "{}"), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("seed of " + method.getFullMethodName(), e);
    }
    return builder.build();
  }

  // Calls through the client.

  /** Calls a random method with one mutated field (or an unknown one) and checks the answer. */
  Outcome call() {
    MethodDescriptor<?, ?> method = methods.get(random.nextInt(methods.size()));
    Message.Builder request = seed(method).toBuilder();
    Mutation mutation = mutate(request);
    Message sent = request.build();
    String endpoint = method.getFullMethodName();
    String description =
        endpoint
            + " ["
            + mutation.kind
            + " "
            + mutation.field
            + "] "
            + Mutations.abbreviate(sent.toString(), 240);
    List<String> problems = new ArrayList<>();
    try {
      invoke(method, sent);
      if (mutation.mustRefuse) {
        problems.add("accepted");
      }
      return new Outcome("grpc", endpoint, mutation.kind, "OK", true, problems, description, "");
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      String message = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
      if (NEVER.contains(code)) {
        problems.add(code.name());
      }
      if (INTERNALS.matcher(message).find()) {
        problems.add("internal class name in the status message");
      }
      if (message.length() > 16 * 1024) {
        problems.add("status message over 16 KiB");
      }
      if (code == Status.Code.INVALID_ARGUMENT && !mutation.names.isEmpty()) {
        String all = message + "\n" + violations(e);
        if (mutation.names.stream().noneMatch(all::contains)) {
          problems.add("INVALID_ARGUMENT not naming the field");
        }
      }
      return new Outcome(
          "grpc",
          endpoint,
          mutation.kind,
          code.name(),
          false,
          problems,
          description,
          code + ": " + Mutations.abbreviate(message, 300));
    }
  }

  @SuppressWarnings("unchecked")
  private void invoke(MethodDescriptor<?, ?> method, Message request) {
    ClientCalls.blockingUnaryCall(
        channel,
        (MethodDescriptor<Message, Message>) method,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
        request);
  }

  private static String violations(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    for (com.google.protobuf.Any detail : status.getDetailsList()) {
      if (detail.is(BadRequest.class)) {
        try {
          for (BadRequest.FieldViolation violation :
              detail.unpack(BadRequest.class).getFieldViolationsList()) {
            text.append(violation.getField())
                .append(' ')
                .append(violation.getDescription())
                .append('\n');
          }
        } catch (InvalidProtocolBufferException ignored) {
          text.append("(undecodable BadRequest)");
        }
      }
    }
    return text.toString();
  }

  private record Mutation(String kind, String field, List<String> names, boolean mustRefuse) {}

  private Mutation mutate(Message.Builder request) {
    Descriptor type = request.getDescriptorForType();
    List<FieldDescriptor> fields = type.getFields();
    if (fields.isEmpty() || random.nextInt(12) == 0) {
      request.setUnknownFields(
          UnknownFieldSet.newBuilder()
              .addField(
                  9_999, UnknownFieldSet.Field.newBuilder().addVarint(random.nextLong()).build())
              .build());
      return new Mutation("unknown-field", "#9999", List.of(), false);
    }
    FieldDescriptor field = fields.get(random.nextInt(fields.size()));
    Message.Builder holder = request;
    String path = field.getName();
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && !field.isRepeated()
        && !isWrapper(field.getMessageType())
        && !field.getMessageType().getFullName().equals(FieldMask.getDescriptor().getFullName())
        && request.hasField(field)
        && random.nextBoolean()) {
      Message.Builder nested = request.getFieldBuilder(field);
      List<FieldDescriptor> inner = nested.getDescriptorForType().getFields();
      if (!inner.isEmpty()) {
        holder = nested;
        field = inner.get(random.nextInt(inner.size()));
        path = path + "." + field.getName();
      }
    }
    List<String> names = List.of(field.getName(), field.getJsonName());
    String name = field.getName();
    if (field.isMapField()) {
      Message.Builder entry = holder.newBuilderForField(field);
      Descriptor entryType = field.getMessageType();
      entry.setField(
          entryType.findFieldByName("key"),
          random.nextBoolean() ? strings.odd() : "x".repeat(70_000));
      entry.setField(entryType.findFieldByName("value"), strings.odd());
      holder.addRepeatedField(field, entry.build());
      return new Mutation("odd-map-entry", path, names, false);
    }
    if (field.isRepeated()) {
      if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
        int count = random.nextBoolean() ? 1001 : 1;
        for (int i = 0; i < count; i++) {
          holder.addRepeatedField(field, count == 1 ? strings.odd() : "id" + i);
        }
        return new Mutation(count == 1 ? "odd-element" : "huge-array", path, names, false);
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        int count = random.nextBoolean() ? 60 : 1;
        Message.Builder element = holder.newBuilderForField(field);
        for (FieldDescriptor inner : element.getDescriptorForType().getFields()) {
          if (inner.getJavaType() == FieldDescriptor.JavaType.STRING && !inner.isRepeated()) {
            element.setField(inner, strings.odd());
          }
        }
        for (int i = 0; i < count; i++) {
          holder.addRepeatedField(field, element.build());
        }
        return new Mutation(count == 1 ? "odd-element" : "huge-array", path, names, false);
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.ENUM) {
        holder.addRepeatedField(field, field.getEnumType().findValueByNumberCreatingIfUnknown(999));
        return new Mutation("bad-enum", path, names, true);
      }
      holder.clearField(field);
      return new Mutation("missing", path, names, false);
    }
    switch (field.getJavaType()) {
      case STRING -> {
        int roll = random.nextInt(6);
        if (roll == 0) {
          holder.setField(field, "x".repeat(random.nextBoolean() ? 70_000 : 300));
          return new Mutation("huge-string", path, names, name.equals("page_token"));
        }
        if (roll == 1) {
          holder.clearField(field);
          return new Mutation("missing", path, names, false);
        }
        String value = strings.odd();
        holder.setField(field, value);
        boolean forged = name.equals("page_token") && !value.isEmpty();
        return new Mutation(forged ? "bad-page-token" : "odd-string", path, names, forged);
      }
      case LONG, INT -> {
        long[] values = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1L << 32, 1001};
        long value = values[random.nextInt(values.length)];
        if (field.getJavaType() == FieldDescriptor.JavaType.INT) {
          holder.setField(field, (int) value);
          value = (int) value;
        } else {
          holder.setField(field, value);
        }
        boolean pageSize = name.equals("page_size");
        return new Mutation(
            pageSize ? "bad-page-size" : "overflow-number",
            path,
            names,
            pageSize && (value < 0 || value > 1000));
      }
      case BOOLEAN -> {
        holder.setField(field, !(Boolean) holder.getField(field));
        return new Mutation("flipped-bool", path, names, false);
      }
      case ENUM -> {
        EnumValueDescriptor unknown = field.getEnumType().findValueByNumberCreatingIfUnknown(999);
        holder.setField(field, unknown);
        return new Mutation("bad-enum", path, names, true);
      }
      case MESSAGE -> {
        Descriptor messageType = field.getMessageType();
        if (messageType.getFullName().equals(FieldMask.getDescriptor().getFullName())) {
          FieldMask.Builder mask = FieldMask.newBuilder();
          int roll = random.nextInt(3);
          if (roll == 0) {
            mask.addPaths("\u0000");
          } else if (roll == 1) {
            mask.addPaths("no_such_field").addPaths("name");
          } else {
            for (int i = 0; i < 1000; i++) {
              mask.addPaths("bogus_" + i);
            }
          }
          holder.setField(field, mask.build());
          return new Mutation("bad-update-mask", path, names, true);
        }
        if (isWrapper(messageType)) {
          Message.Builder wrapper = holder.newBuilderForField(field);
          FieldDescriptor value = messageType.findFieldByName("value");
          if (value.getJavaType() == FieldDescriptor.JavaType.STRING) {
            wrapper.setField(value, strings.odd());
            holder.setField(field, wrapper.build());
            return new Mutation("odd-string", path, names, false);
          }
          long[] values = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1L << 32};
          wrapper.setField(value, values[random.nextInt(values.length)]);
          holder.setField(field, wrapper.build());
          return new Mutation("overflow-number", path, names, false);
        }
        holder.clearField(field);
        return new Mutation("missing", path, names, false);
      }
      default -> {
        holder.clearField(field);
        return new Mutation("missing", path, names, false);
      }
    }
  }

  private static boolean isWrapper(Descriptor type) {
    return type.getFile().getPackage().equals("google.protobuf")
        && type.getName().endsWith("Value")
        && type.findFieldByName("value") != null;
  }

  // Raw HTTP/2.

  /** Sends one malformed gRPC request as raw HTTP/2 and checks that a gRPC status answers it. */
  Outcome frame() {
    MethodDescriptor<?, ?> method = methods.get(random.nextInt(methods.size()));
    byte[] valid = seed(method).toByteArray();
    String path = "/" + method.getFullMethodName();
    RequestHeadersBuilder headers =
        RequestHeaders.builder(HttpMethod.POST, path)
            .contentType(MediaType.parse("application/grpc"))
            .add("te", "trailers")
            .add("authorization", "Bearer " + token);
    byte[] body;
    String kind;
    switch (random.nextInt(14)) {
      case 0 -> {
        kind = "undecodable-message";
        byte[] junk = new byte[1 + random.nextInt(64)];
        random.nextBytes(junk);
        junk[0] = (byte) 0xff;
        body = frame(0, junk, junk.length);
      }
      case 1 -> {
        kind = "truncated-varint";
        body = frame(0, new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 4);
      }
      case 2 -> {
        kind = "short-frame";
        body = frame(0, valid, valid.length + 100);
      }
      case 3 -> {
        kind = "truncated-header";
        body = new byte[] {0, 0, 0};
      }
      case 4 -> {
        kind = "compressed-without-encoding";
        body = frame(1, valid, valid.length);
      }
      case 5 -> {
        kind = "unknown-encoding";
        headers.add("grpc-encoding", "fuzz");
        body = frame(1, valid, valid.length);
      }
      case 6 -> {
        kind = "declared-2GiB";
        body = frame(0, valid, Integer.MAX_VALUE);
      }
      case 7 -> {
        kind = "oversized-message";
        byte[] big = new byte[4 * 1024 * 1024 + 16];
        big[0] = 0x0a; // field 1, length-delimited, then a varint length of 4 MiB
        big[1] = (byte) 0x80;
        big[2] = (byte) 0x80;
        big[3] = (byte) 0x80;
        big[4] = 0x02;
        body = frame(0, big, big.length);
      }
      case 8 -> {
        kind = "two-messages";
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(frame(0, valid, valid.length));
        both.writeBytes(frame(0, valid, valid.length));
        body = both.toByteArray();
      }
      case 9 -> {
        kind = "no-message";
        body = new byte[0];
      }
      case 10 -> {
        kind = "bad-flag";
        body = frame(0x7f, valid, valid.length);
      }
      case 11 -> {
        kind = "huge-metadata";
        headers.add("x-fuzz", "x".repeat(random.nextBoolean() ? 7_900 : 70_000));
        body = frame(0, valid, valid.length);
      }
      case 12 -> {
        kind = "huge-authorization";
        headers.set("authorization", "Bearer " + "a".repeat(random.nextBoolean() ? 7_900 : 70_000));
        body = frame(0, valid, valid.length);
      }
      default -> {
        kind = "bad-timeout";
        headers.add(
            "grpc-timeout", List.of("abc", "-1S", "99999999999H", "1x").get(random.nextInt(4)));
        body = frame(0, valid, valid.length);
      }
    }
    String description = "POST " + path + " [" + kind + "] " + body.length + " bytes";
    List<String> problems = new ArrayList<>();
    AggregatedHttpResponse response;
    try {
      response =
          raw.execute(HttpRequest.of(headers.build(), HttpData.wrap(body))).aggregate().join();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (String.valueOf(cause.getMessage()).contains("Header size exceeded max allowed size")) {
        // The client would not send headers over the limit the server advertised (HTTP/2
        // SETTINGS_MAX_HEADER_LIST_SIZE): the server never saw the request.
        return new Outcome(
            "grpc-frames",
            method.getFullMethodName(),
            kind,
            "not sent: over the advertised header limit",
            false,
            problems,
            description,
            String.valueOf(cause.getMessage()));
      }
      problems.add("connection failed: " + cause.getClass().getSimpleName());
      return new Outcome(
          "grpc-frames",
          method.getFullMethodName(),
          kind,
          "connection failed",
          false,
          problems,
          description,
          String.valueOf(cause.getMessage()));
    }
    String grpcStatus = response.trailers().get("grpc-status");
    if (grpcStatus == null) {
      grpcStatus = response.headers().get("grpc-status");
    }
    String message = response.trailers().get("grpc-message");
    if (message == null) {
      message = response.headers().get("grpc-message", "");
    }
    int http = response.status().code();
    String refusal;
    if (grpcStatus == null) {
      refusal = "HTTP " + http + " without grpc-status";
      problems.add("bare HTTP " + http);
    } else {
      Status.Code code = Status.fromCodeValue(Integer.parseInt(grpcStatus)).getCode();
      refusal = code.name();
      if (NEVER.contains(code)) {
        problems.add(code.name());
      }
      if (INTERNALS.matcher(message).find()) {
        problems.add("internal class name in grpc-message");
      }
      if (code == Status.Code.OK && !kind.equals("bad-timeout") && !kind.equals("huge-metadata")) {
        problems.add("accepted");
      }
    }
    return new Outcome(
        "grpc-frames",
        method.getFullMethodName(),
        kind,
        refusal,
        refusal.equals("OK"),
        problems,
        description,
        "HTTP " + http + " grpc-status " + grpcStatus + " " + Mutations.abbreviate(message, 200));
  }

  private static byte[] frame(int flag, byte[] message, int declaredLength) {
    ByteBuffer buffer = ByteBuffer.allocate(5 + message.length);
    buffer.put((byte) flag).putInt(declaredLength).put(message);
    return buffer.array();
  }
}
