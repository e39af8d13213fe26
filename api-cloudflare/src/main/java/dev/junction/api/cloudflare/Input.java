package dev.junction.api.cloudflare;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.QueryParams;
import dev.junction.core.page.PageRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a Cloudflare request carries: query parameters, where {@code param=} (empty, what the
 * SDKs send for an explicit null) means absent, and JSON bodies, whose unknown fields are ignored.
 * Every read names the parameter or field when the value is not of the expected type.
 */
final class Input {
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  private static final Pattern DUPLICATE =
      Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);
  private static final int MAX_QUOTED = 64;
  static final int MAX_LIMIT = 1000;

  private final QueryParams query;

  Input(QueryParams query) {
    this.query = query;
  }

  /**
   * Refuses a query parameter that is not one of {@code names}, the parameters the operation takes,
   * and one given more than once: a parameter is never silently ignored.
   */
  void allowOnly(List<String> names) throws BadInput {
    for (String name : query.names()) {
      if (!names.contains(name)) {
        throw new BadInput(
            CloudflareErrors.INVALID,
            bounded(name)
                + ": is not a parameter of this operation"
                + (names.isEmpty()
                    ? " (it takes none)"
                    : " (it takes " + String.join(", ", names) + ")"));
      }
      if (query.getAll(name).size() > 1) {
        throw new BadInput(CloudflareErrors.INVALID, name + ": must be given at most once");
      }
    }
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
          CloudflareErrors.INVALID, name + ": must be an integer (got \"" + bounded(text) + "\")");
    }
  }

  /**
   * Returns the JSON object of a request body; an empty body is an empty object. The body must be
   * exactly one JSON object: data after it, or a key given twice in one object, is refused, naming
   * where. Fields the API does not define are left for the caller to ignore.
   */
  static JsonNode body(String text) throws BadInput {
    if (text.isBlank()) {
      return JSON.createObjectNode();
    }
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new BadInput(CloudflareErrors.MALFORMED, "body: must be a JSON object");
      }
      JsonNode tree = JSON.readTree(parser);
      JsonLocation end = parser.currentLocation();
      boolean more;
      try {
        more = parser.nextToken() != null;
      } catch (JsonProcessingException e) {
        more = true;
      }
      if (more) {
        throw new BadInput(
            CloudflareErrors.MALFORMED,
            "body: must be one JSON object, with nothing after it (the object ends at "
                + where(end)
                + ")");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new BadInput(CloudflareErrors.MALFORMED, "body: is not valid JSON");
    }
  }

  /**
   * Returns the refusal of a body the parser could not read: a key given twice names its field,
   * anything else names the place. The parser's own words are not repeated, since they may quote
   * the body, and a body may carry a key.
   */
  private static BadInput malformed(JsonProcessingException e) {
    JsonStreamContext context =
        e.getProcessor() instanceof JsonParser parser ? parser.getParsingContext() : null;
    Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
    if (duplicate.matches()) {
      String container = context == null ? "" : path(context, false);
      String field = container.isEmpty() ? "" : container + ".";
      return new BadInput(
          CloudflareErrors.MALFORMED,
          field + bounded(duplicate.group(1)) + ": is given more than once");
    }
    String path = context == null ? "" : path(context, true);
    String reason =
        e instanceof StreamConstraintsException
            ? "is too large or too deeply nested"
            : "is not valid JSON";
    return new BadInput(
        CloudflareErrors.MALFORMED,
        "body: "
            + reason
            + (path.isEmpty() ? "" : " near " + path)
            + (e.getLocation() == null ? "" : " (at " + where(e.getLocation()) + ")"));
  }

  private static String where(JsonLocation location) {
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * Returns the path, as this API names fields ({@code bgp.extra_prefixes[2]}), of the object or
   * list the parser is in, with the field it is at if {@code withCurrent}; empty at the top level.
   */
  private static String path(JsonStreamContext context, boolean withCurrent) {
    StringBuilder path = new StringBuilder();
    if (withCurrent && context.inObject() && context.getCurrentName() != null) {
      path.append('.').append(bounded(context.getCurrentName()));
    }
    for (JsonStreamContext at = context; at.getParent() != null && !at.getParent().inRoot(); ) {
      JsonStreamContext parent = at.getParent();
      if (parent.inArray()) {
        path.insert(0, "[" + Math.max(parent.getCurrentIndex(), 0) + "]");
      } else {
        path.insert(0, "." + bounded(String.valueOf(parent.getCurrentName())));
      }
      at = parent;
    }
    return path.isEmpty() || path.charAt(0) != '.' ? path.toString() : path.substring(1);
  }

  /** Returns {@code text} cut to a length that keeps an error small. */
  static String bounded(String text) {
    return bounded(text, MAX_QUOTED);
  }

  /** Returns {@code text} cut to {@code max} characters. */
  static String bounded(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
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
    throw new BadInput(
        CloudflareErrors.INVALID, name + ": must be a UUID (got \"" + bounded(text) + "\")");
  }
}
