package dev.junction.api.yandex.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a request body as proto3 JSON exactly, before protobuf's own parser (which is lenient) sees
 * it: one JSON object and nothing after it, no key twice, only fields of the request (by their JSON
 * or proto name, not both), and every value of its field's JSON type: strings for strings, numbers
 * or numeric strings for integers, {@code true}/{@code false} for bools, enum names or numbers,
 * arrays for repeated fields and objects for messages and maps, with the well-known types in their
 * text forms. A refusal names the field by its proto path, for example {@code
 * ipv4_peering.peer_bgp_asn} or {@code ipv4_static_routes[3].prefix}.
 */
final class StrictJson {
  private static final ObjectMapper JSON =
      new ObjectMapper(
              JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger UINT32_MAX =
      BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final Set<String> FLOAT_WORDS = Set.of("NaN", "Infinity", "-Infinity");
  private static final int SHOWN = 40;

  private StrictJson() {}

  /** Returns the JSON object {@code text} holds, checked against the message {@code type}. */
  static ObjectNode read(String text, Descriptor type, Set<String> ignored) throws BadRequest {
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (MismatchedInputException e) {
      throw new BadRequest("body", "the body must be one JSON object with nothing after it");
    } catch (JsonProcessingException e) {
      throw syntax(e);
    }
    if (!(tree instanceof ObjectNode object)) {
      throw new BadRequest("body", "the body must be a JSON object");
    }
    for (String dotted : ignored) {
      drop(object, dotted.split("\\."), 0);
    }
    checkObject(object, type, "");
    return object;
  }

  private static BadRequest syntax(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message != null
        && message.startsWith("Duplicate field")
        && e.getProcessor() instanceof JsonParser parser) {
      String pointer = parser.getParsingContext().pathAsPointer().toString();
      String field = pointer.substring(1).replace('/', '.');
      return new BadRequest(
          field.isEmpty() ? "body" : field, "\"" + field + "\" is given more than once");
    }
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    String first = message == null ? "malformed" : message.lines().findFirst().orElse("malformed");
    return new BadRequest("body", "the body is not valid JSON" + where + ": " + first);
  }

  private static void drop(ObjectNode object, String[] path, int index) {
    if (index == path.length - 1) {
      object.remove(path[index]);
      return;
    }
    if (object.get(path[index]) instanceof ObjectNode child) {
      drop(child, path, index + 1);
    }
  }

  private static void checkObject(ObjectNode object, Descriptor type, String path)
      throws BadRequest {
    Map<FieldDescriptor, String> seen = new HashMap<>();
    Map<OneofDescriptor, String> oneofs = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      String key = entry.getKey();
      FieldDescriptor field = field(type, key);
      if (field == null) {
        String named = join(path, shown(key));
        throw new BadRequest(named, "\"" + named + "\" is not a field of " + type.getName());
      }
      String fieldPath = join(path, field.getName());
      String other = seen.put(field, key);
      if (other != null) {
        throw new BadRequest(
            fieldPath, fieldPath + " is given twice, as \"" + other + "\" and \"" + key + "\"");
      }
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        continue; // proto3 JSON: null is the field's default value
      }
      OneofDescriptor oneof = field.getRealContainingOneof();
      if (oneof != null) {
        String before = oneofs.put(oneof, key);
        if (before != null) {
          throw new BadRequest(
              fieldPath,
              fieldPath
                  + " cannot be set together with \""
                  + before
                  + "\": only one of "
                  + oneof.getName()
                  + " may be set");
        }
      }
      if (field.isMapField()) {
        checkMap(field, value, fieldPath);
      } else if (field.isRepeated()) {
        if (!(value instanceof ArrayNode array)) {
          throw wrongType(fieldPath, "a JSON array", value);
        }
        for (int i = 0; i < array.size(); i++) {
          JsonNode item = array.get(i);
          String itemPath = fieldPath + "[" + i + "]";
          if (item.isNull()) {
            throw new BadRequest(itemPath, itemPath + " must not be null");
          }
          checkValue(field, item, itemPath);
        }
      } else {
        checkValue(field, value, fieldPath);
      }
    }
  }

  private static FieldDescriptor field(Descriptor type, String key) {
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJsonName().equals(key) || field.getName().equals(key)) {
        return field;
      }
    }
    return null;
  }

  private static void checkMap(FieldDescriptor field, JsonNode value, String path)
      throws BadRequest {
    if (!(value instanceof ObjectNode object)) {
      throw wrongType(path, "a JSON object", value);
    }
    FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
    FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      String entryPath = path + "." + shown(entry.getKey());
      if (keyField.getJavaType() != FieldDescriptor.JavaType.STRING) {
        checkValue(
            keyField,
            com.fasterxml.jackson.databind.node.TextNode.valueOf(entry.getKey()),
            entryPath);
      }
      if (entry.getValue().isNull()) {
        throw new BadRequest(entryPath, entryPath + " must not be null");
      }
      checkValue(valueField, entry.getValue(), entryPath);
    }
  }

  private static void checkValue(FieldDescriptor field, JsonNode value, String path)
      throws BadRequest {
    switch (field.getType()) {
      case STRING -> {
        if (!value.isTextual()) {
          throw wrongType(path, "a JSON string", value);
        }
      }
      case BYTES -> {
        if (!value.isTextual() || !base64(value.textValue())) {
          throw wrongType(path, "a base64 string", value);
        }
      }
      case BOOL -> {
        if (!value.isBoolean()) {
          throw wrongType(path, "true or false", value);
        }
      }
      case INT32, SINT32, SFIXED32 -> integer(value, path, INT32_MIN, INT32_MAX);
      case UINT32, FIXED32 -> integer(value, path, BigInteger.ZERO, UINT32_MAX);
      case INT64, SINT64, SFIXED64 -> integer(value, path, INT64_MIN, INT64_MAX);
      case UINT64, FIXED64 -> integer(value, path, BigInteger.ZERO, UINT64_MAX);
      case FLOAT, DOUBLE -> {
        if (!value.isNumber() && !(value.isTextual() && decimal(value.textValue()))) {
          throw wrongType(path, "a number", value);
        }
      }
      case ENUM -> enumValue(field.getEnumType(), value, path);
      case MESSAGE, GROUP -> checkMessage(field.getMessageType(), value, path);
    }
  }

  private static void integer(JsonNode value, String path, BigInteger min, BigInteger max)
      throws BadRequest {
    BigInteger number;
    if (value.isIntegralNumber()) {
      number = value.bigIntegerValue();
    } else if (value.isNumber()) {
      BigDecimal decimal = value.decimalValue();
      if (decimal.stripTrailingZeros().scale() > 0) {
        throw wrongType(path, "a whole number", value);
      }
      number = decimal.toBigIntegerExact();
    } else if (value.isTextual() && value.textValue().matches("-?[0-9]{1,40}")) {
      number = new BigInteger(value.textValue());
    } else {
      throw wrongType(path, "an integer (a JSON number or a string of digits)", value);
    }
    if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
      throw new BadRequest(
          path, path + " must be between " + min + " and " + max + " (got " + number + ")");
    }
  }

  private static boolean decimal(String text) {
    if (FLOAT_WORDS.contains(text)) {
      return true;
    }
    try {
      new BigDecimal(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean base64(String text) {
    try {
      Base64.getDecoder().decode(text);
      return true;
    } catch (IllegalArgumentException e) {
      try {
        Base64.getUrlDecoder().decode(text);
        return true;
      } catch (IllegalArgumentException again) {
        return false;
      }
    }
  }

  private static void enumValue(EnumDescriptor type, JsonNode value, String path)
      throws BadRequest {
    EnumValueDescriptor found = null;
    if (value.isTextual()) {
      found = type.findValueByName(value.textValue());
    } else if (value.isIntegralNumber() && value.canConvertToInt()) {
      found = type.findValueByNumber(value.intValue());
    }
    if (found == null) {
      throw wrongType(
          path, "one of " + type.getValues().stream().map(v -> v.getName()).toList(), value);
    }
  }

  private static void checkMessage(Descriptor type, JsonNode value, String path) throws BadRequest {
    switch (type.getFullName()) {
      case "google.protobuf.StringValue",
          "google.protobuf.BytesValue",
          "google.protobuf.BoolValue",
          "google.protobuf.Int32Value",
          "google.protobuf.UInt32Value",
          "google.protobuf.Int64Value",
          "google.protobuf.UInt64Value",
          "google.protobuf.FloatValue",
          "google.protobuf.DoubleValue" ->
          checkValue(type.findFieldByName("value"), value, path);
      case "google.protobuf.Timestamp" -> {
        if (!value.isTextual() || !parses(() -> Timestamps.parse(value.textValue()))) {
          throw wrongType(path, "an RFC 3339 timestamp such as \"2026-01-02T03:04:05Z\"", value);
        }
      }
      case "google.protobuf.Duration" -> {
        if (!value.isTextual() || !parses(() -> Durations.parse(value.textValue()))) {
          throw wrongType(path, "a duration such as \"1.5s\"", value);
        }
      }
      case "google.protobuf.FieldMask" -> {
        if (!value.isTextual()) {
          throw wrongType(path, "a string of comma-separated field paths", value);
        }
        String text = value.textValue();
        // protobuf's parser drops empty paths ("a,,b"), which would change what is updated.
        if (!text.isEmpty()
            && java.util.Arrays.stream(text.split(",", -1)).anyMatch(String::isBlank)) {
          throw new BadRequest(
              path, path + " must not contain an empty path (got \"" + shown(text) + "\")");
        }
      }
      case "google.protobuf.Value",
          "google.protobuf.Struct",
          "google.protobuf.ListValue",
          "google.protobuf.Any" -> {
        // Free-form; protobuf's parser checks the rest.
      }
      default -> {
        if (!(value instanceof ObjectNode object)) {
          throw wrongType(path, "a JSON object", value);
        }
        checkObject(object, type, path);
      }
    }
  }

  private interface Parse {
    void run() throws ParseException;
  }

  private static boolean parses(Parse parse) {
    try {
      parse.run();
      return true;
    } catch (ParseException | RuntimeException e) {
      return false;
    }
  }

  private static BadRequest wrongType(String path, String expected, JsonNode value) {
    return new BadRequest(path, path + " must be " + expected + " (got " + describe(value) + ")");
  }

  private static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "the string \"" + shown(value.textValue()) + "\"";
      case NUMBER -> "the number " + shown(value.asText());
      case BOOLEAN -> value.asText();
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** Returns {@code text} with control characters escaped, cut to a few dozen characters. */
  private static String shown(String text) {
    StringBuilder shown = new StringBuilder();
    int length = Math.min(text.length(), SHOWN);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '"' || c == '\\') {
        shown.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        shown.append(c);
      }
    }
    return length < text.length() ? shown + "..." : shown.toString();
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
