package dev.junction.api.yandex.rest;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A path of a {@code google.api.http} rule, such as {@code
 * /cic/v1/privateConnections/{private_connection_id}:move}: literal segments, single-segment
 * variables named by proto field, and an optional custom verb after the last segment.
 */
record PathTemplate(String text, List<String> segments, Optional<String> verb) {
  PathTemplate {
    requireNonNull(text, "text");
    segments = List.copyOf(segments);
    requireNonNull(verb, "verb");
  }

  /** Returns the template written as {@code text}. */
  static PathTemplate parse(String text) {
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException("template: " + text + " (expected: a path from /)");
    }
    String path = text;
    Optional<String> verb = Optional.empty();
    int lastSlash = path.lastIndexOf('/');
    int colon = path.indexOf(':', lastSlash);
    if (colon >= 0) {
      verb = Optional.of(path.substring(colon + 1));
      path = path.substring(0, colon);
    }
    List<String> segments = List.of(path.substring(1).split("/", -1));
    for (String segment : segments) {
      if (segment.startsWith("{") && (!segment.endsWith("}") || segment.contains("="))) {
        throw new IllegalArgumentException("template: " + text + " (expected: {field} variables)");
      }
    }
    return new PathTemplate(text, segments, verb);
  }

  /** Returns the variables of {@code path} if it matches, decoded, by field name. */
  Optional<Map<String, String>> match(String path) {
    if (!path.startsWith("/")) {
      return Optional.empty();
    }
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length != segments.size()) {
      return Optional.empty();
    }
    if (verb.isPresent()) {
      String last = parts[parts.length - 1];
      String suffix = ":" + verb.get();
      if (!last.endsWith(suffix)) {
        return Optional.empty();
      }
      parts[parts.length - 1] = last.substring(0, last.length() - suffix.length());
    }
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String segment = segments.get(i);
      String part = decode(parts[i]);
      if (isVariable(segment)) {
        if (part.isEmpty() || part.contains(":")) {
          return Optional.empty();
        }
        variables.put(segment.substring(1, segment.length() - 1), part);
      } else if (!segment.equals(part)) {
        return Optional.empty();
      }
    }
    return Optional.of(variables);
  }

  /** Returns the names of the variables, in order. */
  List<String> variables() {
    List<String> names = new ArrayList<>();
    for (String segment : segments) {
      if (isVariable(segment)) {
        names.add(segment.substring(1, segment.length() - 1));
      }
    }
    return names;
  }

  private static boolean isVariable(String segment) {
    return segment.startsWith("{");
  }

  private static String decode(String part) {
    try {
      return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return part;
    }
  }
}
