package dev.junction.server.console;

/** A console request with a query parameter or form field the page cannot take. */
final class BadParameter extends Exception {
  BadParameter(String message) {
    super(message, null, false, false);
  }
}
