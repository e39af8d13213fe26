package dev.junction.api.yandex;

import dev.junction.core.page.NameFilter;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the filter expressions of Yandex List calls. Only {@code name} can be filtered on, with
 * {@code =}, {@code !=}, {@code IN (...)} and {@code NOT IN (...)}, conditions joined by {@code
 * AND}; values are double- or single-quoted strings. For example {@code name="pc-1"} or {@code name
 * IN ("a", "b") AND name != "c"}.
 */
final class NameFilterParser {
  private final String text;
  private int position;

  private NameFilterParser(String text) {
    this.text = text;
  }

  /** Returns the filter {@code text} describes; an empty text selects everything. */
  static NameFilter parse(String text) {
    if (text.isBlank()) {
      return NameFilter.ALL;
    }
    return new NameFilterParser(text).filter();
  }

  private NameFilter filter() {
    Set<String> anyOf = null;
    Set<String> noneOf = new HashSet<>();
    while (true) {
      expectWord("name", "a condition on name");
      skipSpaces();
      if (consume("!=")) {
        noneOf.add(string());
      } else if (consume("=")) {
        anyOf = intersect(anyOf, Set.of(string()));
      } else if (consumeWord("not")) {
        expectWord("in", "IN after NOT");
        noneOf.addAll(list());
      } else if (consumeWord("in")) {
        anyOf = intersect(anyOf, list());
      } else {
        throw fail("expected =, !=, IN or NOT IN after name");
      }
      skipSpaces();
      if (position == text.length()) {
        break;
      }
      expectWord("and", "AND between conditions");
    }
    return new NameFilter(Optional.ofNullable(anyOf), noneOf);
  }

  private static Set<String> intersect(Set<String> current, Set<String> more) {
    if (current == null) {
      return new LinkedHashSet<>(more);
    }
    current.retainAll(more);
    return current;
  }

  private Set<String> list() {
    skipSpaces();
    if (!consume("(")) {
      throw fail("expected ( after IN");
    }
    Set<String> values = new LinkedHashSet<>();
    do {
      values.add(string());
      skipSpaces();
    } while (consume(","));
    if (!consume(")")) {
      throw fail("expected , or ) in the IN list");
    }
    return values;
  }

  private String string() {
    skipSpaces();
    if (position >= text.length()
        || (text.charAt(position) != '"' && text.charAt(position) != '\'')) {
      throw fail("expected a quoted string");
    }
    char quote = text.charAt(position++);
    StringBuilder value = new StringBuilder();
    while (position < text.length()) {
      char c = text.charAt(position++);
      if (c == '\\' && position < text.length()) {
        value.append(text.charAt(position++));
      } else if (c == quote) {
        return value.toString();
      } else {
        value.append(c);
      }
    }
    throw fail("the string is not closed");
  }

  private void expectWord(String word, String what) {
    skipSpaces();
    if (!consumeWord(word)) {
      throw fail("expected " + what);
    }
  }

  private boolean consumeWord(String word) {
    skipSpaces();
    int end = position + word.length();
    if (end > text.length()
        || !text.substring(position, end).toLowerCase(Locale.ROOT).equals(word)) {
      return false;
    }
    if (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
      return false;
    }
    position = end;
    return true;
  }

  private boolean consume(String symbol) {
    skipSpaces();
    if (text.startsWith(symbol, position)) {
      position += symbol.length();
      return true;
    }
    return false;
  }

  private void skipSpaces() {
    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
  }

  private ProblemException fail(String what) {
    return new ProblemException(
        Problem.InvalidArgument.of(
            "filter", what + " at position " + (position + 1) + " (only name can be filtered)"));
  }
}
