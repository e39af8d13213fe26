package dev.junction.bench.suite;

import java.util.ArrayList;
import java.util.List;

/** Prints the suite's rows as one aligned text table, and as Markdown. */
final class Table {
  static final List<String> HEADER =
      List.of(
          "Figure",
          "Baseline",
          "Figure (median)",
          "Baseline (median)",
          "min / median / max",
          "Target",
          "Meets");

  private Table() {}

  static String text(List<Row> rows) {
    List<List<String>> lines = new ArrayList<>();
    lines.add(HEADER);
    rows.forEach(row -> lines.add(row.cells()));
    int[] widths = new int[HEADER.size()];
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int l = 0; l < lines.size(); l++) {
      List<String> line = lines.get(l);
      for (int i = 0; i < line.size(); i++) {
        out.append(i == 0 ? "" : " | ").append(pad(line.get(i), widths[i]));
      }
      out.append('\n');
      if (l == 0) {
        for (int i = 0; i < widths.length; i++) {
          out.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  static String markdown(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
    out.append("|").append(" --- |".repeat(HEADER.size())).append('\n');
    for (Row row : rows) {
      out.append("| ")
          .append(String.join(" | ", row.cells().stream().map(c -> c.replace("|", "\\|")).toList()))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
