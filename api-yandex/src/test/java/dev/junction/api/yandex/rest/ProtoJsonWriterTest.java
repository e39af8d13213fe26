package dev.junction.api.yandex.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.junction.api.yandex.cic.v1.PartnerServiceProto;
import dev.junction.api.yandex.cic.v1.PointOfPresenceServiceProto;
import dev.junction.api.yandex.cic.v1.PrivateConnection;
import dev.junction.api.yandex.cic.v1.PrivateConnectionServiceProto;
import dev.junction.api.yandex.cic.v1.PublicConnectionServiceProto;
import dev.junction.api.yandex.cic.v1.TrunkConnectionServiceProto;
import dev.junction.api.yandex.cic.v1.TrunkConnectionTicketServiceProto;
import dev.junction.api.yandex.endpoint.ApiEndpointServiceProto;
import dev.junction.api.yandex.operation.Operation;
import dev.junction.api.yandex.operation.OperationServiceProto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The REST answer's writer against protobuf's {@link JsonFormat}: over thousands of messages of
 * every type the Yandex dialect answers with, filled at random (every field kind: strings with
 * characters JSON escapes, int64 and uint64, enums known and unknown, repeated fields, maps,
 * oneofs, Timestamp, Duration, FieldMask, the wrappers, Any holding any of them), the writer's own
 * text must be the same, character for character, as JsonFormat's.
 */
class ProtoJsonWriterTest {
  private static final List<FileDescriptor> FILES =
      List.of(
          PrivateConnectionServiceProto.getDescriptor(),
          TrunkConnectionServiceProto.getDescriptor(),
          PublicConnectionServiceProto.getDescriptor(),
          TrunkConnectionTicketServiceProto.getDescriptor(),
          PartnerServiceProto.getDescriptor(),
          PointOfPresenceServiceProto.getDescriptor(),
          OperationServiceProto.getDescriptor(),
          ApiEndpointServiceProto.getDescriptor(),
          com.google.rpc.ErrorDetailsProto.getDescriptor(),
          com.google.rpc.StatusProto.getDescriptor(),
          com.google.protobuf.EmptyProto.getDescriptor());

  private static final Set<FieldDescriptor> ALWAYS =
      Set.of(Operation.getDescriptor().findFieldByName("done"));

  private static final String[] STRINGS = {
    "",
    "plain",
    "cfbe2fh7ak4qd2pcoeoh",
    "quote \" and backslash \\",
    "tab\tnew\nline\rform\fback\b",
    "html <b>&amp;</b> = 'x'",
    "control \u0000 \u0001 \u001f \u007f",
    "separators \u2028 \u2029",
    "unicode é ß 日本 \uD83D\uDE00",
    "a lone surrogate \uD800 end",
    "ipv4_peering.peer_ip"
  };

  private final JsonFormat.TypeRegistry registry = registry();
  private final Random random = new Random(20261130L);

  private static JsonFormat.TypeRegistry registry() {
    JsonFormat.TypeRegistry.Builder builder = JsonFormat.TypeRegistry.newBuilder();
    for (FileDescriptor file : FILES) {
      builder.add(file.getMessageTypes());
      file.getDependencies().forEach(dependency -> builder.add(dependency.getMessageTypes()));
    }
    builder.add(Timestamp.getDescriptor()).add(Duration.getDescriptor());
    builder.add(FieldMask.getDescriptor()).add(com.google.protobuf.Int64Value.getDescriptor());
    builder.add(com.google.protobuf.StringValue.getDescriptor());
    builder.add(com.google.protobuf.BoolValue.getDescriptor());
    return builder.build();
  }

  @SuppressWarnings("deprecation")
  private JsonFormat.Printer jsonFormat() {
    return JsonFormat.printer().usingTypeRegistry(registry).includingDefaultValueFields(ALWAYS);
  }

  private List<Descriptor> answeredTypes() {
    Map<String, Descriptor> types = new LinkedHashMap<>();
    for (FileDescriptor file : FILES) {
      for (Descriptor type : file.getMessageTypes()) {
        types.put(type.getFullName(), type);
      }
    }
    return List.copyOf(types.values());
  }

  @Test
  void writesEveryGeneratedMessageExactlyAsJsonFormat() throws Exception {
    ProtoJsonWriter writer = new ProtoJsonWriter(registry, ALWAYS);
    JsonFormat.Printer expected = jsonFormat();
    int compared = 0;
    for (Descriptor type : answeredTypes()) {
      for (int i = 0; i < 60; i++) {
        Message message = generated(type, 0);
        String own = writer.write(message);
        assertThat(own).as("written by the writer itself: %s", message).isNotNull();
        assertThat(own)
            .as("%s #%d: %s", type.getFullName(), i, message)
            .isEqualTo(expected.print(message));
        assertThat(writer.print(message)).isEqualTo(own);
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(3_000);
  }

  @Test
  void writesTheAnswersOfTheRestMappingExactlyAsJsonFormat() throws Exception {
    ProtoJsonWriter writer = new ProtoJsonWriter(registry, ALWAYS);
    JsonFormat.Printer expected = jsonFormat();
    PrivateConnection connection =
        (PrivateConnection) generated(PrivateConnection.getDescriptor(), 0);
    List<Message> answers = new ArrayList<>();
    answers.add(PrivateConnection.getDefaultInstance());
    answers.add(connection);
    answers.add(Operation.getDefaultInstance());
    answers.add(
        Operation.newBuilder()
            .setId("op")
            .setDone(false)
            .setMetadata(Any.pack(connection))
            .setCreatedAt(Timestamp.newBuilder().setSeconds(1_780_000_000L).setNanos(120_000_000))
            .build());
    answers.add(
        Operation.newBuilder()
            .setDone(true)
            .setResponse(Any.pack(connection))
            .setError(
                com.google.rpc.Status.newBuilder()
                    .setCode(5)
                    .setMessage("not found")
                    .addDetails(
                        Any.pack(
                            com.google.rpc.RetryInfo.newBuilder()
                                .setRetryDelay(Duration.newBuilder().setSeconds(3))
                                .build())))
            .build());
    answers.add(Any.pack(Timestamp.newBuilder().setSeconds(-62_135_596_800L).build()));
    answers.add(Any.pack(FieldMask.newBuilder().addPaths("ipv4_peering.peer_ip").build()));
    answers.add(Any.getDefaultInstance());
    for (Message answer : answers) {
      assertThat(writer.write(answer)).as("%s", answer).isEqualTo(expected.print(answer));
    }
  }

  @Test
  void leavesWhatItDoesNotWriteToJsonFormat() throws InvalidProtocolBufferException {
    ProtoJsonWriter writer = new ProtoJsonWriter(registry, ALWAYS);
    Operation holdingStruct =
        Operation.newBuilder()
            .setMetadata(
                Any.pack(
                    com.google.protobuf.Struct.newBuilder()
                        .putFields(
                            "x", com.google.protobuf.Value.newBuilder().setNumberValue(1.5).build())
                        .build()))
            .build();
    JsonFormat.TypeRegistry withStruct =
        JsonFormat.TypeRegistry.newBuilder()
            .add(com.google.protobuf.Struct.getDescriptor())
            .build();
    ProtoJsonWriter structs = new ProtoJsonWriter(withStruct, ALWAYS);

    assertThat(structs.write(holdingStruct)).isNull();
    assertThat(structs.print(holdingStruct))
        .isEqualTo(
            JsonFormat.printer()
                .usingTypeRegistry(withStruct)
                .includingDefaultValueFields(ALWAYS)
                .print(holdingStruct));
    assertThat(writer.write(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build())).isNull();
  }

  /** Returns a message of {@code type} with each field set or not, at random. */
  private Message generated(Descriptor type, int depth) {
    switch (type.getFullName()) {
      case "google.protobuf.Timestamp" -> {
        return timestamp();
      }
      case "google.protobuf.Duration" -> {
        long seconds = random.nextInt(7) - 3 + (random.nextBoolean() ? 0 : random.nextInt());
        int nanos = nanos();
        if (seconds < 0) {
          nanos = -nanos;
        } else if (seconds == 0 && random.nextBoolean()) {
          nanos = -nanos;
        }
        return Duration.newBuilder().setSeconds(seconds).setNanos(nanos).build();
      }
      case "google.protobuf.FieldMask" -> {
        FieldMask.Builder mask = FieldMask.newBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
          mask.addPaths(
              pick(
                  new String[] {
                    "name", "ipv4_peering.peer_bgp_asn", "labels", "", "vlan_id", "a__b", "_x"
                  }));
        }
        return mask.build();
      }
      case "google.protobuf.Any" -> {
        if (depth > 2 || random.nextInt(8) == 0) {
          return Any.getDefaultInstance();
        }
        List<Descriptor> types = answeredTypes();
        Descriptor held =
            random.nextInt(4) == 0
                ? pick(
                    new Descriptor[] {
                      Timestamp.getDescriptor(),
                      Duration.getDescriptor(),
                      FieldMask.getDescriptor(),
                      com.google.protobuf.Int64Value.getDescriptor(),
                      com.google.protobuf.StringValue.getDescriptor()
                    })
                : types.get(random.nextInt(types.size()));
        return Any.pack(generated(held, depth + 1));
      }
      default -> {}
    }
    Message.Builder builder = DynamicMessage.newBuilder(type);
    if (type.getFile().getPackage().startsWith("yandex")
        || type.getFile().getPackage().startsWith("google.rpc")) {
      builder = generatedBuilder(type);
    }
    for (FieldDescriptor field : type.getFields()) {
      if (random.nextInt(3) == 0) {
        continue;
      }
      if (field.isRepeated()) {
        for (int i = random.nextInt(4); i > 0; i--) {
          Object element =
              field.isMapField() ? entry(builder, field, depth) : value(builder, field, depth);
          if (element != null) {
            builder.addRepeatedField(field, element);
          }
        }
      } else {
        Object value = value(builder, field, depth);
        if (value != null) {
          builder.setField(field, value);
        }
      }
    }
    return builder.build();
  }

  /** The builder of the generated class of {@code type}, as the services build their answers. */
  private static Message.Builder generatedBuilder(Descriptor type) {
    try {
      String className = javaClassName(type);
      Class<?> messageClass = Class.forName(className);
      return (Message.Builder) messageClass.getMethod("newBuilder").invoke(null);
    } catch (ReflectiveOperationException e) {
      return DynamicMessage.newBuilder(type);
    }
  }

  private static String javaClassName(Descriptor type) {
    FileDescriptor file = type.getFile();
    String javaPackage = file.getOptions().getJavaPackage();
    List<String> names = new ArrayList<>();
    for (Descriptor t = type; t != null; t = t.getContainingType()) {
      names.add(0, t.getName());
    }
    String prefix = javaPackage + ".";
    if (!file.getOptions().getJavaMultipleFiles()) {
      prefix += file.getOptions().getJavaOuterClassname() + "$";
    }
    return prefix + String.join("$", names);
  }

  private Object entry(Message.Builder parent, FieldDescriptor field, int depth) {
    Message.Builder entry = parent.newBuilderForField(field);
    Descriptor type = field.getMessageType();
    FieldDescriptor key = type.findFieldByName("key");
    FieldDescriptor value = type.findFieldByName("value");
    entry.setField(key, value(entry, key, depth));
    Object v = value(entry, value, depth);
    if (v != null) {
      entry.setField(value, v);
    }
    return entry.build();
  }

  private Object value(Message.Builder parent, FieldDescriptor field, int depth) {
    return switch (field.getJavaType()) {
      case INT -> pick(new Integer[] {0, 1, -1, 42, Integer.MAX_VALUE, Integer.MIN_VALUE});
      case LONG ->
          pick(
              new Long[] {
                0L, 1L, -1L, 4_094L, 65_001L, 4_294_967_295L, Long.MAX_VALUE, Long.MIN_VALUE
              });
      case BOOLEAN -> random.nextBoolean();
      case STRING -> pick(STRINGS);
      case BYTE_STRING -> ByteString.copyFromUtf8(pick(STRINGS));
      case ENUM -> {
        EnumDescriptor type = field.getEnumType();
        yield random.nextInt(6) == 0
            ? type.findValueByNumberCreatingIfUnknown(1000 + random.nextInt(5))
            : type.getValues().get(random.nextInt(type.getValues().size()));
      }
      case MESSAGE -> {
        if (depth > 3) {
          yield null;
        }
        Descriptor type = field.getMessageType();
        Message built = generated(type, depth + 1);
        try {
          yield parent.newBuilderForField(field).mergeFrom(built.toByteString()).build();
        } catch (InvalidProtocolBufferException e) {
          throw new AssertionError(e);
        }
      }
      default -> null; // float and double: none in the answered types
    };
  }

  private Timestamp timestamp() {
    long seconds =
        random.nextInt(5) == 0
            ? pick(new Long[] {-62_135_596_800L, 253_402_300_799L, 0L, -1L})
            : 1_600_000_000L + random.nextInt(400_000_000);
    return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos()).build();
  }

  private int nanos() {
    return pick(new Integer[] {0, 1, 120_000_000, 123_456_000, 123_456_789, 999_999_999, 5_000});
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }
}
