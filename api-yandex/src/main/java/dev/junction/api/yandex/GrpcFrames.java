package dev.junction.api.yandex;

import com.google.rpc.Code;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.ContextAwareEventLoop;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.common.util.SafeCloseable;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Checks the framing of a unary gRPC request before the service decodes it, so that a request that
 * cannot be decoded gets INVALID_ARGUMENT naming what is wrong, and one over the message limit gets
 * RESOURCE_EXHAUSTED naming the limit, never INTERNAL: a {@code grpc-timeout} that is not 1-8
 * digits and a unit, a body that ends inside a frame, a frame flag other than 0 or 1, a compressed
 * frame without a {@code grpc-encoding}, a {@code grpc-encoding} other than identity or gzip
 * (UNIMPLEMENTED, as gRPC has it), binary ({@code -bin}) metadata or a gRPC-Web text body that is
 * not base64, and a body of anything but one message. Streaming methods (server reflection) are
 * left to the gRPC service's deframer.
 */
final class GrpcFrames implements DecoratingHttpServiceFunction {
  private static final Pattern TIMEOUT = Pattern.compile("[0-9]{1,8}[HMSmun]");
  private static final String REFLECTION = "/grpc.reflection.";
  private static final Set<String> ENCODINGS = Set.of("identity", "gzip");
  private static final Set<String> BINARY =
      Set.of(
          "application/grpc",
          "application/grpc+proto",
          "application/grpc+json",
          "application/grpc-web",
          "application/grpc-web+proto",
          "application/grpc-web+json");
  private static final Set<String> TEXT =
      Set.of("application/grpc-web-text", "application/grpc-web-text+proto");

  /** Every content type of a gRPC or gRPC-Web request. */
  static final Set<String> FORMATS =
      java.util.stream.Stream.concat(BINARY.stream(), TEXT.stream())
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** Returns whether {@code contentType} is one of a gRPC or gRPC-Web request. */
  static boolean isGrpc(String contentType) {
    int parameters = contentType.indexOf(';');
    String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip();
    return FORMATS.contains(type.toLowerCase(java.util.Locale.ROOT));
  }

  private final int maxMessageBytes;

  GrpcFrames(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    MediaType type = req.contentType();
    String timeout = req.headers().get("grpc-timeout");
    if (timeout != null && !TIMEOUT.matcher(timeout).matches()) {
      return GrpcAnswers.afterBody(
          req,
          Code.INVALID_ARGUMENT,
          "grpc-timeout: must be 1 to 8 digits and a unit (H, M, S, m, u or n), such as 30S");
    }
    String binary = notBase64(req);
    if (binary != null) {
      return GrpcAnswers.afterBody(
          req,
          Code.INVALID_ARGUMENT,
          "metadata " + binary + ": must be base64, as the value of every -bin entry is");
    }
    String encoding = req.headers().get("grpc-encoding");
    if (encoding != null && !ENCODINGS.contains(encoding)) {
      return GrpcAnswers.afterBody(
          req, Code.UNIMPLEMENTED, "grpc-encoding: must be identity or gzip, the ones accepted");
    }
    String format =
        type == null ? "" : (type.type() + "/" + type.subtype()).toLowerCase(Locale.ROOT);
    boolean text = TEXT.contains(format);
    if (!text && !BINARY.contains(format) || ctx.path().startsWith(REFLECTION)) {
      return delegate.serve(ctx, req);
    }
    boolean compressed = encoding != null && !encoding.equals("identity");
    // The gRPC routes have no HTTP body limit (a bare 413 means nothing to a gRPC client): the
    // body is kept up to one frame of the largest message, and anything past that is dropped as it
    // arrives, so memory stays bounded while the rest of the body is read.
    long maxBody = text ? (maxMessageBytes + 5L + 2) / 3 * 4 : maxMessageBytes + 5L;
    AtomicLong received = new AtomicLong();
    HttpRequest bounded =
        req.mapData(
            data -> {
              if (received.addAndGet(data.length()) > maxBody) {
                data.close();
                return HttpData.empty();
              }
              return data;
            });
    return HttpResponse.of(
        bounded
            .aggregate()
            .handleAsync(
                (aggregated, failure) -> {
                  if (failure != null) {
                    Throwable cause = Exceptions.peel(failure);
                    if (cause instanceof ContentTooLargeException) {
                      return GrpcAnswers.of(req, Code.RESOURCE_EXHAUSTED, tooLarge());
                    }
                    return HttpResponse.ofFailure(cause);
                  }
                  if (received.get() > maxBody) {
                    return GrpcAnswers.of(req, Code.RESOURCE_EXHAUSTED, tooLarge());
                  }
                  byte[] body = aggregated.content().array();
                  if (text) {
                    body = fromBase64(body);
                    if (body == null) {
                      return GrpcAnswers.of(
                          req,
                          Code.INVALID_ARGUMENT,
                          "the grpc-web-text request body is not base64");
                    }
                  }
                  String problem = problem(body, compressed);
                  if (problem != null) {
                    return GrpcAnswers.of(
                        req,
                        problem.startsWith(TOO_LARGE)
                            ? Code.RESOURCE_EXHAUSTED
                            : Code.INVALID_ARGUMENT,
                        problem);
                  }
                  HttpRequest again = aggregated.toHttpRequest();
                  ctx.updateRequest(again);
                  try {
                    return delegate.serve(ctx, again);
                  } catch (Exception e) {
                    return HttpResponse.ofFailure(e);
                  }
                },
                onEventLoop(ctx)));
  }

  /**
   * Returns an executor that runs a task at once when called on the request's event loop (where the
   * body is usually aggregated), and hands it to the loop otherwise: a task queued on the loop it
   * already runs on cost a pass of the loop's queue for nothing.
   */
  private static Executor onEventLoop(ServiceRequestContext ctx) {
    ContextAwareEventLoop loop = ctx.eventLoop();
    return task -> {
      if (loop.inEventLoop()) {
        try (SafeCloseable ignored = ctx.push()) {
          task.run();
        }
      } else {
        loop.execute(task);
      }
    };
  }

  /**
   * Returns the name of a binary metadata entry (its name ends in {@code -bin}) whose value is not
   * base64, null if there is none. gRPC would fail to decode it on its own, without an answer.
   */
  private static String notBase64(HttpRequest req) {
    for (var entry : req.headers()) {
      String name = entry.getKey().toString();
      if (!name.endsWith("-bin")) {
        continue;
      }
      try {
        for (String value : entry.getValue().split(",", -1)) {
          Base64.getDecoder().decode(value.trim());
        }
      } catch (IllegalArgumentException notBase64) {
        return name.length() > 100 ? name.substring(0, 100) + "..." : name;
      }
    }
    return null;
  }

  /**
   * Returns a grpc-web-text body decoded: one or more base64 chunks, each padded, as gRPC-Web
   * clients send them; null if it is not that.
   */
  private static byte[] fromBase64(byte[] body) {
    ByteArrayOutputStream decoded = new ByteArrayOutputStream();
    int start = 0;
    try {
      for (int i = 0; i < body.length; i++) {
        boolean lastOfChunk =
            body[i] == '=' && (i + 1 == body.length || body[i + 1] != '=') || i + 1 == body.length;
        if (lastOfChunk) {
          decoded.writeBytes(Base64.getDecoder().decode(Arrays.copyOfRange(body, start, i + 1)));
          start = i + 1;
        }
      }
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    return decoded.toByteArray();
  }

  private static final String TOO_LARGE = "the request message is larger than";

  private String tooLarge() {
    return TOO_LARGE + " the limit of " + maxMessageBytes + " bytes";
  }

  /** Returns what is wrong with the request's frames, or null if it is one well-formed message. */
  private String problem(byte[] body, boolean compressed) {
    int position = 0;
    int messages = 0;
    while (position < body.length) {
      int left = body.length - position;
      if (left < 5) {
        return "the request body ends inside a gRPC frame header: "
            + left
            + " of its 5 bytes were sent";
      }
      int flag = body[position] & 0xff;
      long declared =
          ((long) (body[position + 1] & 0xff) << 24)
              | ((body[position + 2] & 0xff) << 16)
              | ((body[position + 3] & 0xff) << 8)
              | (body[position + 4] & 0xff);
      if (flag > 1) {
        return "the gRPC frame's compressed flag must be 0 or 1, not " + flag;
      }
      if (declared > maxMessageBytes) {
        return TOO_LARGE
            + " the limit of "
            + maxMessageBytes
            + " bytes: its frame declares "
            + declared
            + " bytes";
      }
      if (flag == 1 && !compressed) {
        return "the gRPC frame is marked compressed, but the request has no grpc-encoding";
      }
      if (left - 5 < declared) {
        return "the request body ends inside a gRPC message: its frame declares "
            + declared
            + " bytes, "
            + (left - 5)
            + " were sent";
      }
      position += 5 + (int) declared;
      messages++;
    }
    if (messages != 1) {
      return "a unary method takes exactly one request message, the request has " + messages;
    }
    return null;
  }
}
