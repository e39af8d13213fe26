package dev.junction.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Aligned columns of the important fields of resources: a header line in capitals, then one line
 * per resource, each column as wide as its widest cell, two spaces apart, the last one unpadded.
 */
final class Table {
  /** A column: its header and how a cell is read from a resource. */
  record Column(String header, Function<JsonNode, String> cell) {}

  private final List<Column> columns;

  private Table(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  /** A table of {@code columns}. */
  static Table of(Column... columns) {
    return new Table(List.of(columns));
  }

  /** A column that shows the field at a JSON pointer, e.g. {@code /ipv4Peering/peerBgpAsn}. */
  static Column field(String header, String pointer) {
    return new Column(header, node -> text(node.at(pointer)));
  }

  /** A column computed from the resource. */
  static Column computed(String header, Function<JsonNode, String> cell) {
    return new Column(header, cell);
  }

  /** A value as a cell: text as is, arrays joined with commas, objects as k=v, absent as "". */
  static String text(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return "";
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(
          v -> parts.add(v.isObject() && v.size() == 1 ? text(v.elements().next()) : text(v)));
      return String.join(",", parts);
    }
    if (value.isObject()) {
      List<String> parts = new ArrayList<>();
      value.properties().forEach(e -> parts.add(e.getKey() + "=" + text(e.getValue())));
      return String.join(",", parts);
    }
    return value.asText();
  }

  /** The table of {@code rows}, each line ending in a newline; only the header if none. */
  String render(List<JsonNode> rows) {
    List<String[]> cells = new ArrayList<>();
    String[] header = new String[columns.size()];
    for (int i = 0; i < header.length; i++) {
      header[i] = columns.get(i).header();
    }
    cells.add(header);
    for (JsonNode row : rows) {
      String[] line = new String[columns.size()];
      for (int i = 0; i < line.length; i++) {
        line[i] = clean(columns.get(i).cell().apply(row));
      }
      cells.add(line);
    }
    int[] widths = new int[columns.size()];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].codePointCount(0, line[i].length()));
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] line : cells) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        text.append(line[i]);
        if (i < line.length - 1) {
          text.append(" ".repeat(widths[i] - line[i].codePointCount(0, line[i].length()) + 2));
        }
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** A cell on one line: control characters (a newline, an escape) become spaces or '?'. */
  private static String clean(String cell) {
    StringBuilder text = new StringBuilder(cell.length());
    cell.codePoints()
        .forEach(
            c -> {
              if (c == '\n' || c == '\r' || c == '\t') {
                text.append(' ');
              } else if (Character.isISOControl(c)) {
                text.append('?');
              } else {
                text.appendCodePoint(c);
              }
            });
    return text.toString();
  }
}
