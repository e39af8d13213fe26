package dev.junction.api.cloudflare;

import static java.util.Objects.requireNonNull;

/** Reports a request whose shape is wrong: a field or parameter and what is wrong with it. */
final class BadInput extends Exception {
  private final int code;

  BadInput(int code, String message) {
    super(requireNonNull(message, "message"), null, false, false);
    this.code = code;
  }

  int code() {
    return code;
  }
}
