package dev.junction.server.console;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpStatus;

/**
 * One rendered console page before its layout: its status, title, the content of its {@code main}
 * element, and whether it shows something still in progress (then the page refreshes that content
 * by itself).
 */
record Screen(HttpStatus status, String title, String content, boolean live) {
  Screen {
    requireNonNull(status, "status");
    requireNonNull(title, "title");
    requireNonNull(content, "content");
  }

  static Screen ok(String title, Html content, boolean live) {
    return new Screen(HttpStatus.OK, title, content.toString(), live);
  }

  /** Returns a page that says why the request was refused or failed. */
  static Screen problem(HttpStatus status, String title, String message) {
    Html content = new Html();
    content.element("h1", title).raw("<p class=\"problem\">").text(message).raw("</p>");
    return new Screen(status, title, content.toString(), false);
  }
}
