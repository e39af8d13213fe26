package dev.junction.api.yandex;

import com.google.rpc.Code;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Answers a gRPC request with a status and no message: a trailers-only response, in the request's
 * own content type (gRPC or gRPC-Web).
 */
final class GrpcAnswers {
  private GrpcAnswers() {}

  static HttpResponse of(HttpRequest req, Code code, String message) {
    MediaType type = req.contentType();
    return HttpResponse.of(
        ResponseHeaders.builder(HttpStatus.OK)
            .contentType(type == null ? MediaType.parse("application/grpc+proto") : type)
            .add("grpc-status", Integer.toString(code.getNumber()))
            .add(
                "grpc-message",
                URLEncoder.encode(message, StandardCharsets.UTF_8).replace("+", "%20"))
            .endOfStream(true)
            .build());
  }

  /**
   * Returns the answer once the request body has been read (and dropped): answering before the body
   * is in makes HTTP/2 reset the stream, which clients report instead of the status.
   */
  static HttpResponse afterBody(HttpRequest req, Code code, String message) {
    return HttpResponse.of(req.aggregate().handle((ignored, failure) -> of(req, code, message)));
  }
}
