package dev.junction.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of the configuration file, read with its path so that every error names the setting
 * (for example {@code catalogue.ports[2].speed}). Keys that no reader asked for are reported as
 * unknown, so a misspelt setting is not silently ignored.
 */
final class ConfigNode {
  private final JsonNode node;
  private final String path;
  private final Set<String> read = new HashSet<>();

  ConfigNode(JsonNode node, String path) {
    this.node = node;
    this.path = path;
    if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
      throw new ConfigException(where() + "must be a mapping of settings");
    }
  }

  String string(String key, String fallback) {
    JsonNode value = field(key);
    if (value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (!value.isValueNode()) {
      throw new ConfigException(at(key) + ": must be a single value");
    }
    return value.asText();
  }

  String requiredString(String key) {
    String value = string(key, "");
    if (value.isEmpty()) {
      throw new ConfigException(at(key) + ": is required");
    }
    return value;
  }

  int integer(String key, int fallback) {
    JsonNode value = field(key);
    if (value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToInt()) {
      throw new ConfigException(
          at(key) + ": must be a whole number (got '" + value.asText() + "')");
    }
    return value.asInt();
  }

  long longInteger(String key, long fallback) {
    JsonNode value = field(key);
    if (value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToLong()) {
      throw new ConfigException(
          at(key) + ": must be a whole number (got '" + value.asText() + "')");
    }
    return value.asLong();
  }

  boolean bool(String key, boolean fallback) {
    JsonNode value = field(key);
    if (value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new ConfigException(at(key) + ": must be true or false");
    }
    return value.asBoolean();
  }

  Duration duration(String key, Duration fallback) {
    String text = string(key, "");
    return text.isEmpty() ? fallback : DurationText.parse(at(key), text);
  }

  List<String> strings(String key) {
    JsonNode value = field(key);
    if (value.isMissingNode() || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new ConfigException(at(key) + ": must be a list");
    }
    List<String> items = new ArrayList<>();
    value.forEach(item -> items.add(item.asText()));
    return items;
  }

  ConfigNode child(String key) {
    return new ConfigNode(field(key), at(key));
  }

  <T> List<T> list(String key, Function<ConfigNode, T> reader) {
    JsonNode value = field(key);
    if (value.isMissingNode() || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new ConfigException(at(key) + ": must be a list");
    }
    List<T> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      ConfigNode item = new ConfigNode(value.get(i), at(key) + "[" + i + "]");
      items.add(reader.apply(item));
      item.rejectUnknown();
    }
    return items;
  }

  /** Fails on a key of this mapping that no reader asked for. */
  void rejectUnknown() {
    if (!node.isObject()) {
      return;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!read.contains(name)) {
        throw new ConfigException(at(name) + ": is not a known setting");
      }
    }
  }

  String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private String where() {
    return path.isEmpty() ? "the configuration " : path + ": ";
  }

  private JsonNode field(String key) {
    read.add(key);
    if (!node.isObject()) {
      return MissingNode.getInstance();
    }
    JsonNode value = node.get(key);
    return value == null ? MissingNode.getInstance() : value;
  }
}
