package dev.junction.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints what the server answered on standard output in the chosen format: the API's own JSON
 * (json, yaml) or a {@link Table} (table).
 */
final class Printer {
  private static final ObjectMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  private final Format format;
  private final PrintStream out;

  Printer(Format format, PrintStream out) {
    this.format = format;
    this.out = out;
  }

  Format format() {
    return format;
  }

  /** Prints one resource: as it came (json, yaml), or as a one-row table. */
  void one(JsonNode resource, Table table) {
    if (format == Format.table) {
      out.print(table.render(List.of(resource)));
    } else {
      raw(resource);
    }
  }

  /**
   * Prints a list: the answer as it came ({@code whole}, json, yaml) or a table of {@code items}.
   */
  void list(JsonNode whole, List<JsonNode> items, Table table) {
    if (format == Format.table) {
      out.print(table.render(items));
    } else {
      raw(whole);
    }
  }

  /** Prints a JSON value in the json or yaml format (a table of it is the caller's). */
  void raw(JsonNode value) {
    try {
      if (format == Format.yaml) {
        out.print(YAML.writeValueAsString(value));
      } else {
        out.println(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
      }
    } catch (JsonProcessingException e) {
      throw new CliException("cannot print the answer: " + e.getOriginalMessage(), 1);
    }
    out.flush();
  }
}
