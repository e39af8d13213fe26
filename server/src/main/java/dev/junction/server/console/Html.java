package dev.junction.server.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the console's HTML. Every value goes through {@link #text}, which escapes it; markup is
 * only ever written from constants. {@link #raw} is for markup another method of this class built.
 */
final class Html {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final StringBuilder out = new StringBuilder(4096);

  /** Returns {@code value} escaped for an HTML text node or a quoted attribute. */
  static String escape(String value) {
    StringBuilder escaped = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /** Returns {@code at} as a UTC time to the second. */
  static String time(Instant at) {
    return TIME.format(at);
  }

  static String time(Optional<Instant> at) {
    return at.map(Html::time).orElse("never");
  }

  /** Appends markup written by this class or a constant. */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Appends {@code value}, escaped. */
  Html text(String value) {
    out.append(escape(value));
    return this;
  }

  /** Appends {@code <tag>value</tag>} with {@code value} escaped. */
  Html element(String tag, String value) {
    return raw("<" + tag + ">").text(value).raw("</" + tag + ">");
  }

  /** Appends {@code <tag class="...">value</tag>} with {@code value} escaped. */
  Html element(String tag, String cssClass, String value) {
    return raw("<" + tag + " class=\"" + escape(cssClass) + "\">")
        .text(value)
        .raw("</" + tag + ">");
  }

  /** Appends a link to {@code href} (a console path) showing {@code label}. */
  Html link(String href, String label) {
    return raw("<a href=\"").text(href).raw("\">").text(label).raw("</a>");
  }

  /** Appends a table header row. */
  Html headers(String... names) {
    raw("<thead><tr>");
    for (String name : names) {
      element("th", name);
    }
    return raw("</tr></thead>");
  }

  /** Appends one table row of plain values. */
  Html row(String... values) {
    raw("<tr>");
    for (String value : values) {
      element("td", value);
    }
    return raw("</tr>");
  }

  /** Appends a status badge: its class is the status in lower case, for the style sheet. */
  Html badge(String status) {
    String kind = status.toLowerCase(Locale.ROOT).replaceAll("[^a-z_]", "");
    return raw("<span class=\"badge ").text(kind).raw("\">").text(status).raw("</span>");
  }

  /**
   * Appends a form that POSTs to {@code action} with the CSRF token and one button labelled {@code
   * label}.
   */
  Html postButton(String action, String csrf, String label, String cssClass) {
    return raw("<form method=\"post\" class=\"inline\" action=\"")
        .text(action)
        .raw("\"><input type=\"hidden\" name=\"csrf\" value=\"")
        .text(csrf)
        .raw("\"><button type=\"submit\" class=\"")
        .text(cssClass)
        .raw("\">")
        .text(label)
        .raw("</button></form>");
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
