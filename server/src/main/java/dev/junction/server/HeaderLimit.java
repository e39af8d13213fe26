package dev.junction.server;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AsciiString;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The limit on a request's headers, counted as HTTP/2 does (name, value and 32 bytes per field).
 * HTTP/2 lets a larger header list through to here ({@link #TRANSPORT_BYTES}), so that a gRPC
 * request over {@link #BYTES} is answered with a gRPC status, not a bare HTTP 431 that gRPC clients
 * report as UNKNOWN: UNAUTHENTICATED when its largest field is a credential, else INVALID_ARGUMENT.
 * Any other request over the limit gets the server's 431, as before.
 */
final class HeaderLimit implements DecoratingHttpServiceFunction {
  /** The largest header list a request may have, as the HTTP/1 and HTTP/2 defaults had it. */
  static final int BYTES = 8192;

  /** The largest header list HTTP/2 accepts before any service sees it. */
  static final int TRANSPORT_BYTES = 64 * 1024;

  private static final Set<String> CREDENTIALS =
      Set.of("authorization", "x-auth-key", "x-auth-email");

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    long size = 0;
    String largest = "";
    long largestSize = -1;
    for (Map.Entry<AsciiString, String> field : req.headers()) {
      long fieldSize = field.getKey().length() + field.getValue().length() + 32L;
      size += fieldSize;
      if (fieldSize > largestSize) {
        largestSize = fieldSize;
        largest = field.getKey().toString();
      }
    }
    if (size <= BYTES) {
      return delegate.serve(ctx, req);
    }
    MediaType type = req.contentType();
    if (type == null || !type.subtype().startsWith("grpc")) {
      throw HttpStatusException.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
    }
    boolean credential = CREDENTIALS.contains(largest);
    String message =
        (credential ? "the " + largest + " metadata is not a valid credential: " : "")
            + "the request's metadata is "
            + size
            + " bytes, over the limit of "
            + BYTES
            + " bytes (its largest entry is "
            + largest
            + ")";
    // 16 is UNAUTHENTICATED, 3 INVALID_ARGUMENT.
    String status = credential ? "16" : "3";
    return HttpResponse.of(
        req.aggregate()
            .handle(
                (ignored, failure) ->
                    HttpResponse.of(
                        ResponseHeaders.builder(HttpStatus.OK)
                            .contentType(type)
                            .add("grpc-status", status)
                            .add(
                                "grpc-message",
                                URLEncoder.encode(message, StandardCharsets.UTF_8)
                                    .replace("+", "%20"))
                            .endOfStream(true)
                            .build())));
  }
}
