package dev.junction.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

/** The four REST surfaces under test, each with its own error body. */
enum Dialect {
  /** Yandex REST: {@code {"code": 3, "message": "...", "details": [...]}}. */
  YANDEX {
    @Override
    boolean isError(JsonNode body) {
      return body.path("code").isIntegralNumber()
          && body.path("code").asInt() != 0
          && body.path("message").isTextual();
    }

    @Override
    String code(JsonNode body) {
      return body.path("code").asText("?");
    }

    @Override
    String messages(JsonNode body) {
      StringBuilder text = new StringBuilder(body.path("message").asText(""));
      for (JsonNode detail : body.path("details")) {
        for (JsonNode violation : detail.path("fieldViolations")) {
          text.append('\n').append(violation.path("field").asText(""));
          text.append(' ').append(violation.path("description").asText(""));
        }
      }
      return text.toString();
    }
  },
  /** Cloudflare: {@code {"success": false, "errors": [{"code": N, "message": "..."}], ...}}. */
  CLOUDFLARE {
    @Override
    boolean isError(JsonNode body) {
      JsonNode errors = body.path("errors");
      return body.path("success").isBoolean()
          && !body.path("success").asBoolean()
          && errors.isArray()
          && !errors.isEmpty()
          && errors.get(0).path("code").isIntegralNumber()
          && errors.get(0).path("message").isTextual();
    }

    @Override
    String code(JsonNode body) {
      return body.path("errors").path(0).path("code").asText("?");
    }

    @Override
    String messages(JsonNode body) {
      StringBuilder text = new StringBuilder();
      for (JsonNode error : body.path("errors")) {
        text.append(error.path("message").asText("")).append('\n');
      }
      return text.toString();
    }
  },
  /** The operator API: {@code {"code": "INVALID_ARGUMENT", "message": "..."}}. */
  OPERATOR {
    @Override
    boolean isError(JsonNode body) {
      return body.path("code").isTextual() && body.path("message").isTextual();
    }

    @Override
    String code(JsonNode body) {
      return body.path("code").asText("?");
    }

    @Override
    String messages(JsonNode body) {
      return body.path("message").asText("");
    }
  },
  /** Junction's network extension: the operator API's body. */
  NETWORK {
    @Override
    boolean isError(JsonNode body) {
      return OPERATOR.isError(body);
    }

    @Override
    String code(JsonNode body) {
      return OPERATOR.code(body);
    }

    @Override
    String messages(JsonNode body) {
      return OPERATOR.messages(body);
    }
  };

  /** Returns whether {@code body} is this dialect's error body. */
  abstract boolean isError(JsonNode body);

  /** Returns the error code the body carries, for the summary. */
  abstract String code(JsonNode body);

  /** Returns every human-readable part of the error: messages and the fields they name. */
  abstract String messages(JsonNode body);
}
