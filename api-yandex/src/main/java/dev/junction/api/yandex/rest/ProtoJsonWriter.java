package dev.junction.api.yandex.rest;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a message as proto3 JSON, character for character as protobuf's {@link JsonFormat} printer
 * does (two-space indentation, fields by number, int64 as strings, enums by name, {@code Any} with
 * {@code @type}, Timestamp, Duration, FieldMask and the wrappers as their JSON values, strings
 * escaped as Gson escapes them), without its per-call costs: the field list of each type, sorted,
 * and each field's key are computed once; fields are read without building a map of them; strings
 * are escaped and timestamps formatted in place. A message holding what it does not write ({@code
 * float}, {@code double}, {@code Struct}, {@code Value}, {@code ListValue}, a timestamp or duration
 * out of range, an {@code Any} it cannot resolve) is handed whole to {@link JsonFormat}.
 */
public final class ProtoJsonWriter {
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private final JsonFormat.TypeRegistry registry;
  private final Set<FieldDescriptor> alwaysPrinted;
  private final JsonFormat.Printer fallback;
  private final Map<Descriptor, FieldDescriptor[]> layouts = new ConcurrentHashMap<>();

  /** Thrown where the message holds what this writer leaves to {@link JsonFormat}. */
  private static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported() {
      super(null, null, false, false);
    }
  }

  private static final Unsupported UNSUPPORTED = new Unsupported();

  /**
   * @param registry the message types {@code Any} fields may hold
   * @param alwaysPrinted fields written even when they hold their default value
   */
  @SuppressWarnings("deprecation") // the only way to print one default field, Operation.done
  public ProtoJsonWriter(JsonFormat.TypeRegistry registry, Set<FieldDescriptor> alwaysPrinted) {
    this.registry = requireNonNull(registry, "registry");
    this.alwaysPrinted = Set.copyOf(alwaysPrinted);
    JsonFormat.Printer printer = JsonFormat.printer().usingTypeRegistry(registry);
    this.fallback =
        alwaysPrinted.isEmpty() ? printer : printer.includingDefaultValueFields(alwaysPrinted);
  }

  /**
   * Returns {@code message} as JSON, the same text as {@link JsonFormat}'s printer with the same
   * registry and always-printed fields.
   *
   * @throws InvalidProtocolBufferException if an {@code Any} holds a type the registry lacks
   */
  public String print(MessageOrBuilder message) throws InvalidProtocolBufferException {
    String text = write(message);
    return text != null ? text : fallback.print(message);
  }

  /**
   * Returns {@code message} as JSON written by this writer alone, or null if it holds what this
   * writer leaves to {@link JsonFormat}; for {@link #print} and the tests.
   */
  String write(MessageOrBuilder message) throws InvalidProtocolBufferException {
    Out out = new Out();
    try {
      value(out, message);
    } catch (Unsupported unsupported) {
      return null;
    }
    return out.toString();
  }

  /** The text being written, with JsonFormat's indentation: two spaces a level, after a newline. */
  private static final class Out {
    private final StringBuilder text = new StringBuilder(512);
    private int depth;
    private boolean atLineStart;

    /** Writes {@code s}, which holds no newline. */
    Out raw(String s) {
      if (atLineStart) {
        atLineStart = false;
        for (int i = 0; i < depth; i++) {
          text.append("  ");
        }
      }
      text.append(s);
      return this;
    }

    Out newline() {
      text.append('\n');
      atLineStart = true;
      return this;
    }

    StringBuilder builder() {
      raw("");
      return text;
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }

  private void value(Out out, MessageOrBuilder message) throws InvalidProtocolBufferException {
    Descriptor type = message.getDescriptorForType();
    switch (type.getFullName()) {
      case "google.protobuf.Any" -> any(out, message);
      case "google.protobuf.Timestamp" -> timestamp(out, message);
      case "google.protobuf.Duration" -> duration(out, message);
      case "google.protobuf.FieldMask" -> fieldMask(out, message);
      case "google.protobuf.DoubleValue",
          "google.protobuf.FloatValue",
          "google.protobuf.Int64Value",
          "google.protobuf.UInt64Value",
          "google.protobuf.Int32Value",
          "google.protobuf.UInt32Value",
          "google.protobuf.BoolValue",
          "google.protobuf.StringValue",
          "google.protobuf.BytesValue" -> {
        FieldDescriptor value = type.findFieldByName("value");
        single(out, value, message.getField(value), false);
      }
      case "google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue" ->
          throw UNSUPPORTED;
      default -> object(out, message, null);
    }
  }

  private void object(Out out, MessageOrBuilder message, String typeUrl)
      throws InvalidProtocolBufferException {
    out.raw("{").newline();
    out.depth++;
    boolean printed = false;
    if (typeUrl != null) {
      out.raw("\"@type\": ");
      string(out.builder(), typeUrl);
      printed = true;
    }
    for (FieldDescriptor field : layout(message.getDescriptorForType())) {
      if (!present(message, field)) {
        continue;
      }
      if (printed) {
        out.raw(",").newline();
      }
      printed = true;
      out.raw("\"").raw(field.getJsonName()).raw("\": ");
      Object value = message.getField(field);
      if (field.isMapField()) {
        map(out, field, (List<?>) value);
      } else if (field.isRepeated()) {
        list(out, field, (List<?>) value);
      } else {
        single(out, field, value, false);
      }
    }
    if (printed) {
      out.newline();
    }
    out.depth--;
    out.raw("}");
  }

  /** Whether JsonFormat writes {@code field} of {@code message}. */
  private boolean present(MessageOrBuilder message, FieldDescriptor field) {
    if (field.isRepeated()) {
      return message.getRepeatedFieldCount(field) > 0 || alwaysPrinted.contains(field);
    }
    if (message.hasField(field)) {
      return true;
    }
    if (!alwaysPrinted.contains(field)) {
      return false;
    }
    return field.getJavaType() != FieldDescriptor.JavaType.MESSAGE
        && field.getContainingOneof() == null;
  }

  private FieldDescriptor[] layout(Descriptor type) {
    FieldDescriptor[] fields = layouts.get(type);
    if (fields == null) {
      fields = type.getFields().toArray(new FieldDescriptor[0]);
      Arrays.sort(fields, Comparator.comparingInt(FieldDescriptor::getNumber));
      for (FieldDescriptor field : fields) {
        if (field.getType() == FieldDescriptor.Type.GROUP) {
          throw UNSUPPORTED;
        }
      }
      layouts.put(type, fields);
    }
    return fields;
  }

  private void list(Out out, FieldDescriptor field, List<?> values)
      throws InvalidProtocolBufferException {
    out.raw("[");
    boolean printed = false;
    for (Object value : values) {
      if (printed) {
        out.raw(", ");
      }
      printed = true;
      single(out, field, value, false);
    }
    out.raw("]");
  }

  private void map(Out out, FieldDescriptor field, List<?> entries)
      throws InvalidProtocolBufferException {
    Descriptor entryType = field.getMessageType();
    FieldDescriptor key = entryType.findFieldByName("key");
    FieldDescriptor value = entryType.findFieldByName("value");
    out.raw("{").newline();
    out.depth++;
    boolean printed = false;
    for (Object element : entries) {
      Message entry = (Message) element;
      if (printed) {
        out.raw(",").newline();
      }
      printed = true;
      single(out, key, entry.getField(key), true);
      out.raw(": ");
      single(out, value, entry.getField(value), false);
    }
    if (printed) {
      out.newline();
    }
    out.depth--;
    out.raw("}");
  }

  private void single(Out out, FieldDescriptor field, Object value, boolean quoted)
      throws InvalidProtocolBufferException {
    String q = quoted ? "\"" : "";
    switch (field.getType()) {
      case INT32, SINT32, SFIXED32 -> out.raw(q).raw(Integer.toString((Integer) value)).raw(q);
      case INT64, SINT64, SFIXED64 -> out.raw("\"").raw(Long.toString((Long) value)).raw("\"");
      case UINT32, FIXED32 -> out.raw(q).raw(Integer.toUnsignedString((Integer) value)).raw(q);
      case UINT64, FIXED64 -> out.raw("\"").raw(Long.toUnsignedString((Long) value)).raw("\"");
      case BOOL -> out.raw(q).raw(((Boolean) value) ? "true" : "false").raw(q);
      case STRING -> string(out.builder(), (String) value);
      case BYTES ->
          out.raw("\"").raw(BASE64.encodeToString(((ByteString) value).toByteArray())).raw("\"");
      case ENUM -> {
        EnumValueDescriptor enumValue = (EnumValueDescriptor) value;
        if (enumValue.getType().getFullName().equals("google.protobuf.NullValue")) {
          out.raw(quoted ? "\"null\"" : "null");
        } else if (enumValue.getIndex() == -1) {
          out.raw(q).raw(Integer.toString(enumValue.getNumber())).raw(q);
        } else {
          out.raw("\"").raw(enumValue.getName()).raw("\"");
        }
      }
      case MESSAGE -> value(out, (Message) value);
      default -> throw UNSUPPORTED; // float, double, group
    }
  }

  private void any(Out out, MessageOrBuilder message) throws InvalidProtocolBufferException {
    Descriptor anyType = message.getDescriptorForType();
    String typeUrl = (String) message.getField(anyType.findFieldByName("type_url"));
    ByteString content = (ByteString) message.getField(anyType.findFieldByName("value"));
    if (typeUrl.isEmpty() && content.isEmpty()) {
      out.raw("{}");
      return;
    }
    int slash = typeUrl.lastIndexOf('/');
    Descriptor type = slash < 0 ? null : registry.find(typeUrl.substring(slash + 1));
    if (type == null) {
      throw UNSUPPORTED;
    }
    Message held = DynamicMessage.parseFrom(type, content);
    switch (type.getFullName()) {
      case "google.protobuf.Any",
          "google.protobuf.Timestamp",
          "google.protobuf.Duration",
          "google.protobuf.FieldMask",
          "google.protobuf.DoubleValue",
          "google.protobuf.FloatValue",
          "google.protobuf.Int64Value",
          "google.protobuf.UInt64Value",
          "google.protobuf.Int32Value",
          "google.protobuf.UInt32Value",
          "google.protobuf.BoolValue",
          "google.protobuf.StringValue",
          "google.protobuf.BytesValue",
          "google.protobuf.Struct",
          "google.protobuf.Value",
          "google.protobuf.ListValue" -> {
        out.raw("{").newline();
        out.depth++;
        out.raw("\"@type\": ");
        string(out.builder(), typeUrl);
        out.raw(",").newline();
        out.raw("\"value\": ");
        value(out, held);
        out.newline();
        out.depth--;
        out.raw("}");
      }
      default -> object(out, held, typeUrl);
    }
  }

  private static final long MIN_SECONDS = -62_135_596_800L; // 0001-01-01T00:00:00Z
  private static final long MAX_SECONDS = 253_402_300_799L; // 9999-12-31T23:59:59Z
  private static final long MAX_DURATION_SECONDS = 315_576_000_000L;

  private static void timestamp(Out out, MessageOrBuilder message) {
    Descriptor type = message.getDescriptorForType();
    long seconds = (Long) message.getField(type.findFieldByName("seconds"));
    int nanos = (Integer) message.getField(type.findFieldByName("nanos"));
    if (seconds < MIN_SECONDS || seconds > MAX_SECONDS || nanos < 0 || nanos > 999_999_999) {
      throw UNSUPPORTED;
    }
    LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    StringBuilder text = out.builder().append('"');
    pad(text, time.getYear(), 4).append('-');
    pad(text, time.getMonthValue(), 2).append('-');
    pad(text, time.getDayOfMonth(), 2).append('T');
    pad(text, time.getHour(), 2).append(':');
    pad(text, time.getMinute(), 2).append(':');
    pad(text, time.getSecond(), 2);
    if (nanos != 0) {
      text.append('.');
      nanos(text, nanos);
    }
    text.append("Z\"");
  }

  private static void duration(Out out, MessageOrBuilder message) {
    Descriptor type = message.getDescriptorForType();
    long seconds = (Long) message.getField(type.findFieldByName("seconds"));
    int nanos = (Integer) message.getField(type.findFieldByName("nanos"));
    if (seconds < -MAX_DURATION_SECONDS
        || seconds > MAX_DURATION_SECONDS
        || nanos < -999_999_999
        || nanos > 999_999_999
        || (seconds < 0 && nanos > 0)
        || (seconds > 0 && nanos < 0)) {
      throw UNSUPPORTED;
    }
    StringBuilder text = out.builder().append('"');
    if (seconds < 0 || nanos < 0) {
      text.append('-');
      seconds = -seconds;
      nanos = -nanos;
    }
    text.append(seconds);
    if (nanos != 0) {
      text.append('.');
      nanos(text, nanos);
    }
    text.append("s\"");
  }

  /** Appends {@code nanos} (1 to 999,999,999) as 3, 6 or 9 digits, as protobuf's util does. */
  private static void nanos(StringBuilder text, int nanos) {
    if (nanos % 1_000_000 == 0) {
      pad(text, nanos / 1_000_000, 3);
    } else if (nanos % 1_000 == 0) {
      pad(text, nanos / 1_000, 6);
    } else {
      pad(text, nanos, 9);
    }
  }

  private static StringBuilder pad(StringBuilder text, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      text.append('0');
    }
    return text.append(digits);
  }

  @SuppressWarnings("unchecked")
  private static void fieldMask(Out out, MessageOrBuilder message) {
    List<String> paths =
        (List<String>) message.getField(message.getDescriptorForType().findFieldByName("paths"));
    StringBuilder joined = new StringBuilder();
    for (String path : paths) {
      if (path.isEmpty()) {
        continue;
      }
      if (!joined.isEmpty()) {
        joined.append(',');
      }
      lowerCamel(joined, path);
    }
    string(out.builder(), joined.toString());
  }

  /**
   * Appends {@code path} from lower_underscore to lowerCamel as Guava's {@code CaseFormat} does,
   * which protobuf's FieldMask printing uses: the first word in lower case, each later word with
   * its first letter in upper case and the rest in lower case (ASCII letters only).
   */
  private static void lowerCamel(StringBuilder out, String path) {
    int start = 0;
    boolean first = true;
    while (true) {
      int end = path.indexOf('_', start);
      String word = end < 0 ? path.substring(start) : path.substring(start, end);
      if (first) {
        for (int i = 0; i < word.length(); i++) {
          out.append(lowerAscii(word.charAt(i)));
        }
        first = false;
      } else if (!word.isEmpty()) {
        out.append(upperAscii(word.charAt(0)));
        for (int i = 1; i < word.length(); i++) {
          out.append(lowerAscii(word.charAt(i)));
        }
      }
      if (end < 0) {
        return;
      }
      start = end + 1;
    }
  }

  private static char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  private static char upperAscii(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Appends {@code value} as a JSON string, escaped as Gson (which JsonFormat uses) escapes it by
   * default: quote, backslash and the short escapes; other control characters, {@code < > & = '}
   * and U+2028, U+2029 as {@code \}{@code uXXXX} in lower-case hexadecimal.
   */
  static void string(StringBuilder out, String value) {
    out.append('"');
    int length = value.length();
    int run = 0;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      String escape = null;
      boolean unicode = false;
      switch (c) {
        case '"' -> escape = "\\\"";
        case '\\' -> escape = "\\\\";
        case '\t' -> escape = "\\t";
        case '\b' -> escape = "\\b";
        case '\n' -> escape = "\\n";
        case '\r' -> escape = "\\r";
        case '\f' -> escape = "\\f";
        case '<', '>', '&', '=', '\'', '\u2028', '\u2029' -> unicode = true;
        default -> unicode = c < 0x20;
      }
      if (escape == null && !unicode) {
        continue;
      }
      out.append(value, run, i);
      run = i + 1;
      if (escape != null) {
        out.append(escape);
      } else {
        out.append("\\u")
            .append(HEX[(c >> 12) & 0xf])
            .append(HEX[(c >> 8) & 0xf])
            .append(HEX[(c >> 4) & 0xf])
            .append(HEX[c & 0xf]);
      }
    }
    out.append(value, run, length).append('"');
  }
}
