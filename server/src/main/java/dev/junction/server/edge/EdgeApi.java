package dev.junction.server.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The API a request belongs to, told by its path alone, and how that API writes an error: the
 * Yandex REST transcoding ({@code {"code": N, "message", "details": []}}), Cloudflare ({@code
 * {"success": false, "errors": [...]}}) or Junction's own JSON APIs ({@code {"code": "NAME",
 * "message"}}: the operator API, the network endpoint, the agent API, and any other path). gRPC is
 * none of them: its errors are the gRPC service's.
 */
public enum EdgeApi {
  YANDEX_REST,
  CLOUDFLARE,
  JUNCTION;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The first path segments of the Yandex REST transcoding's {@code google.api.http} rules. */
  private static final String[] YANDEX_PREFIXES = {"/cic", "/operations", "/endpoints"};

  private static final String CLOUDFLARE_PREFIX = "/client/v4";

  /** Returns the API of {@code path}: a raw path, percent-encoded or not, with or without query. */
  public static EdgeApi of(@Nullable String path) {
    if (path == null) {
      return JUNCTION;
    }
    for (String prefix : YANDEX_PREFIXES) {
      if (under(path, prefix)) {
        return YANDEX_REST;
      }
    }
    return under(path, CLOUDFLARE_PREFIX) ? CLOUDFLARE : JUNCTION;
  }

  private static boolean under(String path, String prefix) {
    if (!path.startsWith(prefix)) {
      return false;
    }
    if (path.length() == prefix.length()) {
      return true;
    }
    char next = path.charAt(prefix.length());
    return next == '/' || next == '?' || next == '%' || next == ';';
  }

  /**
   * Returns whether {@code headers} are those of a gRPC call, whose errors are not ours to write.
   */
  public static boolean grpc(@Nullable RequestHeaders headers) {
    if (headers == null) {
      return false;
    }
    MediaType type = headers.contentType();
    return type != null && type.type().equals("application") && type.subtype().startsWith("grpc");
  }

  /** Returns the answer {@code status} with {@code message} in this API's error body. */
  public AggregatedHttpResponse error(HttpStatus status, String message) {
    ObjectNode body = JSON.createObjectNode();
    switch (this) {
      case YANDEX_REST -> {
        body.put("code", yandexCode(status)).put("message", message);
        body.putArray("details");
      }
      case CLOUDFLARE -> {
        body.put("success", false);
        body.putArray("errors")
            .addObject()
            .put("code", cloudflareCode(status))
            .put("message", message);
        body.putArray("messages");
        body.putNull("result");
      }
      case JUNCTION -> body.put("code", junctionCode(status)).put("message", message);
    }
    return AggregatedHttpResponse.of(status, MediaType.JSON_UTF_8, body.toString());
  }

  /** The {@code google.rpc.Code} of an HTTP status, as Yandex's table pairs them. */
  private static int yandexCode(HttpStatus status) {
    return switch (status.code()) {
      case 401 -> 16; // UNAUTHENTICATED
      case 403 -> 7; // PERMISSION_DENIED
      case 404 -> 5; // NOT_FOUND
      case 405, 501 -> 12; // UNIMPLEMENTED
      case 409 -> 10; // ABORTED
      case 413, 429, 431 -> 8; // RESOURCE_EXHAUSTED
      case 503 -> 14; // UNAVAILABLE
      case 504 -> 4; // DEADLINE_EXCEEDED
      default -> status.isClientError() ? 3 : 13; // INVALID_ARGUMENT, INTERNAL
    };
  }

  /** The Cloudflare error code of an HTTP status (the table in docs/cloudflare-api.md). */
  private static int cloudflareCode(HttpStatus status) {
    return switch (status.code()) {
      case 401 -> 10000;
      case 403 -> 1009;
      case 404 -> 1007;
      case 405 -> 1008;
      case 429 -> 10002;
      case 503 -> 1010;
      default -> status.isClientError() ? 1001 : 10001;
    };
  }

  /** The code name of Junction's own APIs (those of {@code google.rpc.Code}). */
  private static String junctionCode(HttpStatus status) {
    return switch (status.code()) {
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 405, 501 -> "UNIMPLEMENTED";
      case 409 -> "ABORTED";
      case 413, 429, 431 -> "RESOURCE_EXHAUSTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> status.isClientError() ? "INVALID_ARGUMENT" : "INTERNAL";
    };
  }
}
