package dev.junction.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * Reads the error bodies of both APIs: Yandex's {@code google.rpc.Status} ({@code code}, {@code
 * message}, {@code details} with field violations) and Cloudflare's {@code errors} list.
 */
final class ApiErrors {
  private static final String[] GRPC_CODES = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED"
  };

  private ApiErrors() {}

  /** Describes a refused request: {@code HTTP 400: INVALID_ARGUMENT: message} and violations. */
  static String describe(Api.Answer answer) {
    JsonNode body = answer.json();
    String head = "the server answered HTTP " + answer.status();
    if (body.path("errors").isArray() && !body.path("errors").isEmpty()) {
      StringBuilder text = new StringBuilder(head);
      boolean one = body.path("errors").size() == 1;
      for (JsonNode error : body.path("errors")) {
        text.append(one ? ": code " : "\n  code ")
            .append(error.path("code").asText("?"))
            .append(": ")
            .append(error.path("message").asText(""));
      }
      return text.toString();
    }
    if (body.has("code") && body.has("message")) {
      return head + ": " + status(body);
    }
    String raw = new String(answer.bytes(), StandardCharsets.UTF_8).strip();
    if (raw.length() > 300) {
      raw = raw.substring(0, 300) + "...";
    }
    return raw.isEmpty() ? head : head + ": " + raw;
  }

  /** A {@code google.rpc.Status}: {@code NAME: message}, then one line per field violation. */
  static String status(JsonNode status) {
    StringBuilder violations = new StringBuilder();
    String requestId = "";
    for (JsonNode detail : status.path("details")) {
      for (JsonNode violation : detail.path("fieldViolations")) {
        violations
            .append("\n  ")
            .append(violation.path("field").asText())
            .append(": ")
            .append(violation.path("description").asText());
      }
      if (detail.hasNonNull("requestId")) {
        requestId = detail.path("requestId").asText();
      }
    }
    String message = status.path("message").asText("");
    StringBuilder text = new StringBuilder(codeName(status.path("code")));
    if (violations.isEmpty()) {
      text.append(": ").append(message);
    } else {
      // The message repeats the violations; what it says beyond them is how many more there are.
      int more = message.lastIndexOf("; ... and ");
      text.append(':').append(violations);
      if (more >= 0) {
        text.append("\n  ").append(message.substring(more + 2));
      }
    }
    if (!requestId.isEmpty()) {
      text.append("\n  (request id ").append(requestId).append(')');
    }
    return text.toString();
  }

  /** A gRPC code, given as a number or a name, by its name. */
  static String codeName(JsonNode code) {
    if (code.canConvertToInt() && code.isNumber()
        || code.isTextual() && code.asText().matches("\\d{1,2}")) {
      int n = code.asInt();
      return n >= 0 && n < GRPC_CODES.length ? GRPC_CODES[n] : "code " + n;
    }
    return code.asText("UNKNOWN");
  }
}
