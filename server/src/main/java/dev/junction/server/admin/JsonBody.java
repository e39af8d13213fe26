package dev.junction.server.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.admin.AdminApi.BadInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an operator request's JSON body strictly: exactly one object, no key twice, and each field
 * of the type it must have, or a refusal naming the field. A field sent as {@code null} counts as
 * absent.
 */
final class JsonBody {
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  private static final Pattern DUPLICATE =
      Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);
  private static final int MAX_QUOTED = 64;

  private JsonBody() {}

  /** Returns the object {@code text} holds; an empty body is an empty object. */
  static JsonNode read(String text) throws BadInput {
    if (text.isBlank()) {
      return JSON.createObjectNode();
    }
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new BadInput("body: must be a JSON object");
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
            "body: must be one JSON object, with nothing after it (the object ends at "
                + where(end)
                + ")");
      }
      return tree;
    } catch (JsonProcessingException e) {
      JsonStreamContext context =
          e.getProcessor() instanceof JsonParser parser ? parser.getParsingContext() : null;
      Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      if (duplicate.matches()) {
        String container = context == null ? "" : container(context);
        throw new BadInput(
            (container.isEmpty() ? "" : container + ".")
                + bounded(duplicate.group(1))
                + ": is given more than once");
      }
      // The parser's own words may quote the body, which may carry a secret: name the place only.
      throw new BadInput(
          "body: is not valid JSON"
              + (e.getLocation() == null ? "" : " (at " + where(e.getLocation()) + ")"));
    } catch (IOException e) {
      throw new BadInput("body: is not valid JSON");
    }
  }

  /** Returns the string {@code field}, empty if absent or null; any other type is refused. */
  static String text(JsonNode node, String path, String field) throws BadInput {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw new BadInput(path + field + ": must be a string");
    }
    return value.asText();
  }

  /** Returns the integer {@code field}, empty if absent or null; any other type is refused. */
  static Optional<Long> integer(JsonNode node, String path, String field) throws BadInput {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new BadInput(path + field + ": must be an integer");
    }
    return Optional.of(value.asLong());
  }

  /** Returns the list of strings {@code field}, empty if absent or null. */
  static List<String> strings(JsonNode node, String field) throws BadInput {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new BadInput(field + ": must be a list of strings");
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual()) {
        throw new BadInput(field + "[" + i + "]: must be a string");
      }
      items.add(value.get(i).asText());
    }
    return items;
  }

  /** Returns the object {@code field}, empty if absent or null; any other type is refused. */
  static Optional<JsonNode> object(JsonNode node, String field) throws BadInput {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      throw new BadInput(field + ": must be an object");
    }
    return Optional.of(value);
  }

  /** Returns the path of the object the parser is in ({@code peering}); empty at the top. */
  private static String container(JsonStreamContext context) {
    StringBuilder path = new StringBuilder();
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

  private static String where(JsonLocation location) {
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  static String bounded(String text) {
    return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...";
  }
}
