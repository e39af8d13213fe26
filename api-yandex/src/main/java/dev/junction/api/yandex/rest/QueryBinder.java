package dev.junction.api.yandex.rest;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.Timestamps;
import java.text.ParseException;
import java.util.List;

/**
 * Sets request fields from URL path variables and query parameters, as the proto3 HTTP mapping
 * says: a parameter names a field by its JSON (lowerCamel) or proto (snake_case) name, dotted for
 * nested messages; a repeated field takes every value of a repeated parameter; wrappers, enums (by
 * name or number), field masks and timestamps take their JSON text forms.
 */
final class QueryBinder {
  private QueryBinder() {}

  /** Sets the field at {@code path} of {@code builder} to {@code values}. */
  static void bind(Message.Builder builder, String path, List<String> values) throws BadRequest {
    String[] names = path.split("\\.");
    Message.Builder target = builder;
    for (int i = 0; i < names.length - 1; i++) {
      FieldDescriptor field = field(target.getDescriptorForType(), names[i], path);
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isRepeated()) {
        throw new BadRequest(path, "\"" + path + "\" does not name a field of the request");
      }
      target = target.getFieldBuilder(field);
    }
    FieldDescriptor field = field(target.getDescriptorForType(), names[names.length - 1], path);
    if (field.isMapField()) {
      throw new BadRequest(path, "\"" + path + "\" cannot be set from the URL");
    }
    if (field.isRepeated()) {
      for (String value : values) {
        target.addRepeatedField(field, convert(field, value, path));
      }
      return;
    }
    if (values.size() > 1) {
      throw new BadRequest(path, "\"" + path + "\" takes one value (got " + values.size() + ")");
    }
    target.setField(field, convert(field, values.get(0), path));
  }

  private static FieldDescriptor field(Descriptor type, String name, String path)
      throws BadRequest {
    for (FieldDescriptor field : type.getFields()) {
      if (field.getName().equals(name) || field.getJsonName().equals(name)) {
        return field;
      }
    }
    throw new BadRequest(path, "\"" + path + "\" is not a field of the request");
  }

  private static Object convert(FieldDescriptor field, String text, String path) throws BadRequest {
    try {
      return switch (field.getJavaType()) {
        case STRING -> text;
        case LONG -> Long.parseLong(text);
        case INT -> Integer.parseInt(text);
        case BOOLEAN -> bool(text, path);
        case DOUBLE -> Double.parseDouble(text);
        case FLOAT -> Float.parseFloat(text);
        case ENUM -> enumValue(field, text, path);
        case MESSAGE -> message(field, text, path);
        default -> throw new BadRequest(path, "\"" + path + "\" cannot be set from the URL");
      };
    } catch (NumberFormatException e) {
      throw new BadRequest(path, "\"" + path + "\" must be a number (got \"" + text + "\")");
    }
  }

  private static boolean bool(String text, String path) throws BadRequest {
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new BadRequest(path, "\"" + path + "\" must be true or false");
    };
  }

  private static EnumValueDescriptor enumValue(FieldDescriptor field, String text, String path)
      throws BadRequest {
    EnumValueDescriptor value = field.getEnumType().findValueByName(text);
    if (value == null) {
      try {
        value = field.getEnumType().findValueByNumber(Integer.parseInt(text));
      } catch (NumberFormatException e) {
        value = null;
      }
    }
    if (value == null) {
      throw new BadRequest(path, "\"" + text + "\" is not a value of " + path);
    }
    return value;
  }

  private static Message message(FieldDescriptor field, String text, String path)
      throws BadRequest {
    Descriptor type = field.getMessageType();
    switch (type.getFullName()) {
      case "google.protobuf.StringValue" -> {
        return com.google.protobuf.StringValue.of(text);
      }
      case "google.protobuf.Int64Value" -> {
        return com.google.protobuf.Int64Value.of(Long.parseLong(text));
      }
      case "google.protobuf.BoolValue" -> {
        return com.google.protobuf.BoolValue.of(bool(text, path));
      }
      case "google.protobuf.FieldMask" -> {
        FieldMask.Builder mask = FieldMask.newBuilder();
        for (String camel : text.split(",")) {
          if (!camel.isBlank()) {
            mask.addAllPaths(FieldMaskUtil.fromJsonString(camel.trim()).getPathsList());
          }
        }
        return mask.build();
      }
      case "google.protobuf.Timestamp" -> {
        try {
          return Timestamps.parse(text);
        } catch (ParseException e) {
          throw new BadRequest(path, "\"" + path + "\" must be an RFC 3339 timestamp");
        }
      }
      default -> throw new BadRequest(path, "\"" + path + "\" cannot be set from the URL");
    }
  }
}
