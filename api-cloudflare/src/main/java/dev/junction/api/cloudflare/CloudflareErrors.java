package dev.junction.api.cloudflare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import dev.junction.core.problem.FieldViolation;
import dev.junction.core.problem.Problem;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloudflare's error body, {@code {"success": false, "errors": [{"code", "message"}], "messages":
 * [], "result": null}}, with stable numeric codes (docs/cloudflare-api.md lists them), and the one
 * mapping from core problems to them. A 409 carries {@code x-should-retry: false}: the SDKs would
 * otherwise send the same conflicting request again.
 */
final class CloudflareErrors {
  static final int MALFORMED = 1000;
  static final int INVALID = 1001;
  static final int NOT_FOUND = 1002;
  static final int CONFLICT = 1003;
  static final int PRECONDITION = 1004;
  static final int EXHAUSTED = 1005;
  static final int RACED = 1006;
  static final int NO_ROUTE = 1007;
  static final int METHOD = 1008;
  static final int FORBIDDEN = 1009;
  static final int UNAVAILABLE = 1010;
  static final int AUTHENTICATION = 10000;
  static final int INTERNAL = 10001;
  static final int RATE_LIMITED = 10002;
  static final int OVERLOADED = 10003;

  private static final Logger log = LoggerFactory.getLogger(CloudflareErrors.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)](.*)");

  /** Core field names that differ on this wire. */
  private static final Map<String, String> FIELDS =
      Map.ofEntries(
          Map.entry("scope", "account"),
          Map.entry("port", "slot_id"),
          Map.entry("joint.service_key", "pairing_key"),
          Map.entry("conduit.name", "magic.conduit_name"),
          Map.entry("conduit.description", "magic.description"),
          Map.entry("mtu", "magic.mtu"));

  private CloudflareErrors() {}

  /** The most violations one error lists; the rest are counted. */
  static final int MAX_VIOLATIONS = 10;

  /** The longest description of one violation; a longer one (quoting a long value) is cut. */
  private static final int MAX_DESCRIPTION = 200;

  /**
   * Answers a method {@code path} does not take: 405, with the methods it takes in {@code allow}.
   */
  static HttpResponse methodNotAllowed(HttpMethod method, String path, List<HttpMethod> allowed) {
    String allow = String.join(", ", allowed.stream().map(HttpMethod::name).toList());
    return error(
        HttpStatus.METHOD_NOT_ALLOWED,
        METHOD,
        method + " is not allowed on " + path + " (allowed: " + allow + ")",
        "allow",
        allow);
  }

  static HttpResponse error(HttpStatus status, int code, String message) {
    return error(status, code, message, null, null);
  }

  private static HttpResponse error(
      HttpStatus status,
      int code,
      String message,
      @Nullable String header,
      @Nullable String value) {
    ObjectNode body = JSON.createObjectNode().put("success", false);
    body.putArray("errors").addObject().put("code", code).put("message", message);
    body.putArray("messages");
    body.putNull("result");
    ResponseHeadersBuilder headers =
        ResponseHeaders.builder(status).contentType(MediaType.JSON_UTF_8);
    if (status == HttpStatus.CONFLICT && code != RACED) {
      headers.add("x-should-retry", "false");
    }
    if (header != null && value != null) {
      headers.add(header, value);
    }
    return HttpResponse.of(
        headers.build(), com.linecorp.armeria.common.HttpData.ofUtf8(body.toString()));
  }

  /** Returns the answer to a core problem. */
  static HttpResponse of(Problem problem) {
    return switch (problem) {
      case Problem.InvalidArgument invalid ->
          error(HttpStatus.BAD_REQUEST, INVALID, violations(invalid));
      case Problem.NotFound notFound ->
          error(HttpStatus.NOT_FOUND, NOT_FOUND, noun(notFound.resource()) + " not found");
      case Problem.AlreadyExists exists ->
          error(HttpStatus.CONFLICT, CONFLICT, fieldName(exists.field()) + ": " + exists.message());
      case Problem.FailedPrecondition failed ->
          error(HttpStatus.BAD_REQUEST, PRECONDITION, failed.message());
      case Problem.Aborted aborted -> error(HttpStatus.CONFLICT, RACED, aborted.message());
      case Problem.ResourceExhausted exhausted ->
          exhausted
              .retryAfter()
              .map(
                  wait ->
                      error(
                          HttpStatus.TOO_MANY_REQUESTS,
                          OVERLOADED,
                          exhausted.message(),
                          "retry-after",
                          Long.toString(Math.max(1, wait.toSeconds()))))
              .orElseGet(() -> error(HttpStatus.BAD_REQUEST, EXHAUSTED, exhausted.message()));
      case Problem.PermissionDenied denied ->
          error(HttpStatus.FORBIDDEN, FORBIDDEN, denied.message());
      case Problem.Unauthenticated unauthenticated ->
          error(HttpStatus.UNAUTHORIZED, AUTHENTICATION, unauthenticated.message());
      case Problem.Unavailable unavailable ->
          error(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, unavailable.message());
      case Problem.Cancelled cancelled ->
          error(HttpStatus.BAD_REQUEST, PRECONDITION, cancelled.message());
      case Problem.DeadlineExceeded late ->
          error(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, late.message());
    };
  }

  /**
   * Answers a change that was accepted and that the network is still applying: 503 with code 1010,
   * and {@code x-should-retry: false}, since sending it again could only conflict with it.
   */
  static HttpResponse stillApplying(String message) {
    return error(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, message, "x-should-retry", "false");
  }

  /** Returns the answer to a bug: logged with its cause, answered without details. */
  static HttpResponse internal(Throwable cause) {
    log.error("Unexpected failure in a Cloudflare API handler", cause);
    return error(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL, "internal error");
  }

  private static String violations(Problem.InvalidArgument invalid) {
    StringBuilder message = new StringBuilder();
    List<FieldViolation> all = invalid.violations();
    for (FieldViolation violation : all.subList(0, Math.min(all.size(), MAX_VIOLATIONS))) {
      if (!message.isEmpty()) {
        message.append("; ");
      }
      String description = violation.description();
      message
          .append(fieldName(violation.field()))
          .append(": ")
          .append(
              description.length() <= MAX_DESCRIPTION
                  ? description
                  : description.substring(0, MAX_DESCRIPTION) + "...");
    }
    if (all.size() > MAX_VIOLATIONS) {
      message.append("; and ").append(all.size() - MAX_VIOLATIONS).append(" more");
    }
    return message.toString();
  }

  /** Returns this wire's name of a core field path. */
  static String fieldName(String core) {
    Matcher indexed = INDEXED.matcher(core);
    if (indexed.matches()) {
      return fieldName(indexed.group(1)) + "[" + indexed.group(2) + "]" + indexed.group(3);
    }
    String renamed = FIELDS.get(core);
    if (renamed != null) {
      return renamed;
    }
    int dot = core.lastIndexOf('.');
    return dot < 0 ? core : fieldName(core.substring(0, dot)) + core.substring(dot);
  }

  private static String noun(String resource) {
    return switch (resource) {
      case "trunk", "interconnect" -> "Interconnect";
      case "port" -> "Slot";
      case "partner" -> "Partner";
      case "scope" -> "Account";
      default -> Character.toUpperCase(resource.charAt(0)) + resource.substring(1);
    };
  }
}
