package dev.junction.api.yandex.rest;

import static java.util.Objects.requireNonNull;

/** Reports a REST request that cannot be turned into a gRPC request: a field and what is wrong. */
final class BadRequest extends Exception {
  private final String field;

  BadRequest(String field, String message) {
    super(message, null, false, false);
    this.field = requireNonNull(field, "field");
  }

  String field() {
    return field;
  }
}
