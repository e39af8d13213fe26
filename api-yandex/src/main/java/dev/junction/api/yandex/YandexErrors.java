package dev.junction.api.yandex;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.problem.FieldViolation;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.StoreUnavailable;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps what the core reports to Yandex's wire: each {@link Problem} to its gRPC code, with the
 * core's field names renamed to the request's proto field paths and listed in a {@code
 * google.rpc.BadRequest}. The store out of reach is UNAVAILABLE (HTTP 503). Anything else is a bug:
 * it is logged with its cause and answered as INTERNAL without details.
 */
enum YandexErrors implements GrpcExceptionHandlerFunction {
  INSTANCE;

  private static final Logger log = LoggerFactory.getLogger(YandexErrors.class);
  private static final Metadata.Key<com.google.rpc.Status> DETAILS =
      Metadata.Key.of(
          "grpc-status-details-bin",
          io.grpc.protobuf.ProtoUtils.metadataMarshaller(
              com.google.rpc.Status.getDefaultInstance()));

  /** The most field violations one error lists; the rest are only counted. */
  static final int MAX_VIOLATIONS = 10;

  private static final int MAX_DESCRIPTION = 200;
  private static final int MAX_MESSAGE = 1000;
  private static final int MAX_FIELD = 100;
  private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)](.*)");

  /** Core field names that differ on this wire; a prefix match renames the rest of the path. */
  private static final Map<String, String> FIELDS =
      Map.ofEntries(
          Map.entry("scope", "folder_id"),
          Map.entry("destination_scope", "destination_folder_id"),
          Map.entry("trunk", "trunk_connection_id"),
          Map.entry("vlan", "vlan_id"),
          Map.entry("peering", "ipv4_peering"),
          Map.entry("peering.subnet", "ipv4_peering.peering_subnet"),
          Map.entry("peering.peer_ip", "ipv4_peering.peer_ip"),
          Map.entry("peering.cloud_ip", "ipv4_peering.cloud_ip"),
          Map.entry("peering.peer_asn", "ipv4_peering.peer_bgp_asn"),
          Map.entry("peering.md5_key", "ipv4_peering.peer_bgp_md5_key"),
          Map.entry("static_routes", "ipv4_static_routes"),
          Map.entry("public", "ipv4_allowed_service_types"),
          Map.entry("public.services", "ipv4_allowed_service_types"),
          Map.entry("public.announced_prefixes", "ipv4_peer_announced_prefixes"),
          Map.entry("pop", "point_of_presence_id"),
          Map.entry("joint", "single_port_direct_joint|lag_direct_joint|partner_joint_info"),
          Map.entry("joint.transceiver", "transceiver_type"),
          Map.entry("joint.lag_size", "lag_direct_joint.lag_allocation_settings.lag_size"),
          Map.entry("joint.partner", "partner_joint_info.partner_id"),
          Map.entry("spec.pop", "spec.point_of_presence_id"));

  @Override
  public @Nullable Status apply(
      RequestContext ctx, Status status, Throwable cause, Metadata metadata) {
    com.google.rpc.Status rpc = toStatus(cause);
    metadata.put(DETAILS, rpc);
    retryAfter(cause)
        .ifPresent(
            seconds -> {
              // Over gRPC a header of the response; over the REST transcoding, an HTTP header.
              if (ctx instanceof ServiceRequestContext served) {
                served.addAdditionalResponseHeader("retry-after", Long.toString(seconds));
              }
            });
    return Status.fromCodeValue(rpc.getCode()).withDescription(rpc.getMessage());
  }

  /** Returns the wire status for what a service method threw. */
  static com.google.rpc.Status toStatus(Throwable cause) {
    if (cause instanceof ProblemException problem) {
      return toStatus(problem.problem());
    }
    if (cause instanceof StatusRuntimeException || cause instanceof StatusException) {
      return StatusProto.fromThrowable(cause);
    }
    if (unavailable(cause)) {
      return status(Code.UNAVAILABLE, StoreUnavailable.MESSAGE);
    }
    RequestContext ctx = RequestContext.currentOrNull();
    log.error(
        "Unexpected failure in a Yandex API method (request {})",
        ctx == null ? "unknown" : ctx.id().text(),
        cause);
    return status(Code.INTERNAL, "internal error");
  }

  /** Returns the seconds to wait before retrying, if {@code cause} is a refusal at admission. */
  static Optional<Long> retryAfter(Throwable cause) {
    if (cause instanceof ProblemException problem
        && problem.problem() instanceof Problem.ResourceExhausted exhausted) {
      return exhausted.retryAfter().map(wait -> Math.max(1, wait.toSeconds()));
    }
    return Optional.empty();
  }

  /** Returns whether {@code cause}, or what it wraps, is the store being out of reach. */
  static boolean unavailable(Throwable cause) {
    for (Throwable each = cause; each != null; each = each.getCause()) {
      if (each instanceof StoreUnavailable) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the wire status of a core problem. A message may quote what the request sent (an id of
   * 300,000 characters), so it is cut to {@link #MAX_MESSAGE} characters.
   */
  static com.google.rpc.Status toStatus(Problem problem) {
    return switch (problem) {
      case Problem.InvalidArgument invalid -> invalid(invalid.violations());
      case Problem.NotFound notFound ->
          status(
              Code.NOT_FOUND,
              notFound.resource().equals("scope")
                  ? shorten("folder " + notFound.id() + " not found", MAX_MESSAGE)
                  : shorten(notFound.message(), MAX_MESSAGE));
      case Problem.AlreadyExists exists ->
          status(Code.ALREADY_EXISTS, shorten(exists.message(), MAX_MESSAGE));
      case Problem.FailedPrecondition failed ->
          status(Code.FAILED_PRECONDITION, shorten(failed.message(), MAX_MESSAGE));
      case Problem.Aborted aborted -> status(Code.ABORTED, shorten(aborted.message(), MAX_MESSAGE));
      case Problem.ResourceExhausted exhausted ->
          exhausted
              .retryAfter()
              .map(
                  wait ->
                      status(Code.RESOURCE_EXHAUSTED, shorten(exhausted.message(), MAX_MESSAGE))
                          .toBuilder()
                          .addDetails(
                              Any.pack(
                                  RetryInfo.newBuilder()
                                      .setRetryDelay(
                                          com.google.protobuf.Duration.newBuilder()
                                              .setSeconds(Math.max(1, wait.toSeconds())))
                                      .build()))
                          .build())
              .orElseGet(
                  () -> status(Code.RESOURCE_EXHAUSTED, shorten(exhausted.message(), MAX_MESSAGE)));
      case Problem.PermissionDenied denied ->
          status(Code.PERMISSION_DENIED, shorten(denied.message(), MAX_MESSAGE));
      case Problem.Unauthenticated unauthenticated ->
          status(Code.UNAUTHENTICATED, shorten(unauthenticated.message(), MAX_MESSAGE));
      case Problem.Cancelled cancelled ->
          status(Code.CANCELLED, shorten(cancelled.message(), MAX_MESSAGE));
      case Problem.DeadlineExceeded deadline ->
          status(Code.DEADLINE_EXCEEDED, shorten(deadline.message(), MAX_MESSAGE));
      case Problem.Unavailable unavailable ->
          status(Code.UNAVAILABLE, shorten(unavailable.message(), MAX_MESSAGE));
    };
  }

  /**
   * Returns INVALID_ARGUMENT listing the first {@link #MAX_VIOLATIONS} violations in its details,
   * each description cut to {@link #MAX_DESCRIPTION} characters, and a message of those that fit in
   * {@link #MAX_MESSAGE} characters followed by how many more there are. The message is sent twice
   * over gRPC (in {@code grpc-message} and inside {@code grpc-status-details-bin}), so both bounds
   * keep the status well inside the 8 KB of headers a standard gRPC client accepts, and a REST
   * error small, however many fields a request breaks.
   */
  static com.google.rpc.Status invalid(List<FieldViolation> violations) {
    BadRequest.Builder details = BadRequest.newBuilder();
    StringBuilder message = new StringBuilder();
    int inMessage = 0;
    for (FieldViolation violation :
        violations.subList(0, Math.min(violations.size(), MAX_VIOLATIONS))) {
      String field = shorten(fieldName(violation.field()), MAX_FIELD);
      String description = shorten(violation.description(), MAX_DESCRIPTION);
      details.addFieldViolationsBuilder().setField(field).setDescription(description);
      String item = field + ": " + description;
      if (inMessage == 0 || message.length() + 2 + item.length() <= MAX_MESSAGE) {
        message.append(inMessage == 0 ? "" : "; ").append(item);
        inMessage++;
      }
    }
    if (violations.size() > inMessage) {
      message.append("; ... and ").append(violations.size() - inMessage).append(" more");
    }
    return com.google.rpc.Status.newBuilder()
        .setCode(Code.INVALID_ARGUMENT.getNumber())
        .setMessage(message.toString())
        .addDetails(Any.pack(details.build()))
        .build();
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  /** Returns the Yandex proto field path for a core field path. */
  static String fieldName(String core) {
    Matcher indexed = INDEXED.matcher(core);
    if (indexed.matches()) {
      String base = fieldName(indexed.group(1));
      String item = base.equals("ipv4_static_routes") ? ".prefix" : "";
      return base + "[" + indexed.group(2) + "]" + item + indexed.group(3);
    }
    String renamed = FIELDS.get(core);
    if (renamed != null) {
      return renamed;
    }
    int dot = core.lastIndexOf('.');
    return dot < 0 ? core : fieldName(core.substring(0, dot)) + core.substring(dot);
  }

  static com.google.rpc.Status status(Code code, String message) {
    return com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
  }
}
