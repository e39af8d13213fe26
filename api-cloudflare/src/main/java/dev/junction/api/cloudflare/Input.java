package dev.junction.api.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.QueryParams;
import dev.junction.core.page.PageRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads what a Cloudflare request carries: query parameters, where {@code param=} (empty, what the
 * SDKs send for an explicit null) means absent, and JSON bodies, whose unknown fields are ignored.
 * Every read names the parameter or field when the value is not of the expected type.
 */
final class Input {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_LIMIT = 1000;

  private final QueryParams query;

  Input(QueryParams query) {
    this.query = query;
  }

  /** Returns the query parameter {@code name}, empty if absent or empty. */
  Optional<String> param(String name) {
    String value = query.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  Optional<Boolean> booleanParam(String name) throws BadInput {
    Optional<String> value = param(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    return switch (value.get()) {
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default -> throw new BadInput(CloudflareErrors.INVALID, name + ": must be true or false");
    };
  }

  /**
   * Returns the page {@code cursor} and {@code limit} ask for: the cursor is the {@code next} of
   * the previous page; a limit of 0 or none means 100, and more than 1000 means 1000.
   */
  PageRequest page() throws BadInput {
    Optional<Long> cursor = Optional.empty();
    Optional<String> cursorText = param("cursor");
    if (cursorText.isPresent()) {
      long value = integer("cursor", cursorText.get());
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw new BadInput(
            CloudflareErrors.INVALID, "cursor: must be a 32-bit integer of 0 or more");
      }
      cursor = Optional.of(value);
    }
    long limit = 0;
    Optional<String> limitText = param("limit");
    if (limitText.isPresent()) {
      limit = integer("limit", limitText.get());
      if (limit < 0) {
        throw new BadInput(CloudflareErrors.INVALID, "limit: must be 0 or more");
      }
    }
    int size = limit == 0 ? PageRequest.DEFAULT_SIZE : (int) Math.min(limit, MAX_LIMIT);
    return new PageRequest(size, cursor);
  }

  private static long integer(String name, String text) throws BadInput {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BadInput(
          CloudflareErrors.INVALID, name + ": must be an integer (got \"" + text + "\")");
    }
  }

  /** Returns the JSON object of a request body; an empty body is an empty object. */
  static JsonNode body(String text) throws BadInput {
    if (text.isBlank()) {
      return JSON.createObjectNode();
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (IOException e) {
      throw new BadInput(CloudflareErrors.MALFORMED, "the request body is not valid JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw new BadInput(CloudflareErrors.MALFORMED, "the request body must be a JSON object");
    }
    return tree;
  }

  /** Returns the string {@code field} of {@code node}, required. */
  static String text(JsonNode node, String path, String field) throws BadInput {
    return optionalText(node, path, field)
        .orElseThrow(() -> new BadInput(CloudflareErrors.INVALID, path + field + ": is required"));
  }

  /** Returns the string {@code field} of {@code node}, empty if absent or null. */
  static Optional<String> optionalText(JsonNode node, String path, String field) throws BadInput {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new BadInput(CloudflareErrors.INVALID, path + field + ": must be a string");
    }
    return Optional.of(value.asText());
  }

  /** Returns the integer {@code field} of {@code node}, required. */
  static long integer(JsonNode node, String path, String field) throws BadInput {
    return optionalInteger(node, path, field)
        .orElseThrow(() -> new BadInput(CloudflareErrors.INVALID, path + field + ": is required"));
  }

  static Optional<Long> optionalInteger(JsonNode node, String path, String field) throws BadInput {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new BadInput(CloudflareErrors.INVALID, path + field + ": must be an integer");
    }
    return Optional.of(value.asLong());
  }

  /**
   * Returns the integer {@code field} as the API types it, a signed 32-bit integer of 0 or more.
   */
  static long int32(JsonNode node, String path, String field) throws BadInput {
    long value = integer(node, path, field);
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new BadInput(
          CloudflareErrors.INVALID,
          path
              + field
              + ": must be between 0 and 2147483647 (a 32-bit integer on this API; got "
              + value
              + ")");
    }
    return value;
  }

  /** Returns the object {@code field} of {@code node}, empty if absent or null. */
  static Optional<JsonNode> object(JsonNode node, String path, String field) throws BadInput {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      throw new BadInput(CloudflareErrors.INVALID, path + field + ": must be an object");
    }
    return Optional.of(value);
  }

  static List<String> strings(JsonNode node, String path, String field) throws BadInput {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new BadInput(CloudflareErrors.INVALID, path + field + ": is required (may be [])");
    }
    if (!value.isArray()) {
      throw new BadInput(CloudflareErrors.INVALID, path + field + ": must be a list of strings");
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new BadInput(CloudflareErrors.INVALID, path + field + ": must be a list of strings");
      }
      items.add(item.asText());
    }
    return items;
  }

  /** Returns {@code text} if it is a UUID in its canonical form. */
  static String uuid(String name, String text) throws BadInput {
    try {
      if (UUID.fromString(text).toString().equalsIgnoreCase(text)) {
        return text.toLowerCase(java.util.Locale.ROOT);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new BadInput(CloudflareErrors.INVALID, name + ": must be a UUID (got \"" + text + "\")");
  }
}
