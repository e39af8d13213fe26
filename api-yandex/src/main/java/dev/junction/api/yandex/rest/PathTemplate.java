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
    String[] parts = split(path);
    return parts == null ? Optional.empty() : match(parts);
  }

  /**
   * Returns the segments of {@code path} after its leading slash, still encoded, or null if it has
   * none: split once per request, then matched against each template ({@link #match(String[])}).
   */
  static String[] split(String path) {
    return path.startsWith("/") ? path.substring(1).split("/", -1) : null;
  }

  /**
   * Returns the variables of the path split into {@code path} ({@link #split}) if it matches,
   * decoded, by field name; {@code path} is left as it is.
   */
  Optional<Map<String, String>> match(String[] path) {
    if (path.length != segments.size()) {
      return Optional.empty();
    }
    String[] parts = path;
    if (verb.isPresent()) {
      String last = parts[parts.length - 1];
      String suffix = ":" + verb.get();
      if (!last.endsWith(suffix)) {
        return Optional.empty();
      }
      parts = path.clone();
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
    if (part.indexOf('%') < 0) {
      return part; // nothing encoded ('+' stays '+' in a path)
    }
    try {
      return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return part;
    }
  }
}
