package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import dev.junction.api.yandex.cic.v1.ListPrivateConnectionsRequest;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw gRPC requests over HTTP/2 that a generated client would never send: frames that cannot be
 * decoded, messages over the limit, odd metadata. Each gets a gRPC status naming what is wrong,
 * never INTERNAL or UNKNOWN or a bare HTTP code, and none is logged as an unexpected failure.
 */
class GrpcTransportTest {
  private static final String LIST = "/yandex.cloud.cic.v1.PrivateConnectionService/List";
  private static final int LIMIT = 1024 * 1024;

  @TempDir static Path dataDir;
  private static RunningServer server;
  private static LogCapture logs;

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir);
    logs = LogCapture.atDebug();
  }

  @AfterAll
  static void stop() {
    try {
      assertThat(logs.text()).doesNotContain("Unexpected failure");
    } finally {
      logs.close();
      server.close();
    }
  }

  /** A gRPC status as the client reads it: code and decoded message. */
  record Answer(int httpStatus, String grpcStatus, String message) {}

  private static byte[] frame(int flag, long declared, byte[] message) {
    return ByteBuffer.allocate(5 + message.length)
        .put((byte) flag)
        .putInt((int) declared)
        .put(message)
        .array();
  }

  private static byte[] valid() {
    return ListPrivateConnectionsRequest.newBuilder()
        .setFolderId("demo-folder")
        .build()
        .toByteArray();
  }

  private static Answer send(byte[] body, String... headers) {
    return sendTo(LIST, body, headers);
  }

  private static Answer sendTo(String path, byte[] body, String... headers) {
    RequestHeadersBuilder request =
        RequestHeaders.builder(HttpMethod.POST, path)
            .contentType(MediaType.parse("application/grpc"))
            .add("te", "trailers")
            .add("authorization", "Bearer " + server.token);
    for (int i = 0; i < headers.length; i += 2) {
      request.set(headers[i], headers[i + 1]);
    }
    AggregatedHttpResponse response =
        WebClient.builder("h2c://127.0.0.1:" + server.server.grpcPort())
            .maxResponseLength(0)
            .build()
            .execute(HttpRequest.of(request.build(), HttpData.wrap(body)))
            .aggregate()
            .join();
    HttpHeaders status =
        response.trailers().contains("grpc-status") ? response.trailers() : response.headers();
    String message = status.get("grpc-message", "");
    return new Answer(
        response.status().code(),
        status.get("grpc-status", "(none)"),
        URLDecoder.decode(message.replace("+", "%2B"), StandardCharsets.UTF_8));
  }

  @Test
  void aWellFormedRequestIsServed() {
    assertThat(send(frame(0, valid().length, valid())).grpcStatus()).isEqualTo("0");
  }

  @Test
  void bytesThatAreNotTheMessageAreInvalidArgument() {
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    Answer answer = send(frame(0, garbage.length, garbage));
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("3");
    assertThat(answer.message()).startsWith("the request message cannot be decoded");
  }

  @Test
  void aBodyEndingInsideAMessageIsInvalidArgument() {
    Answer answer = send(frame(0, 100, new byte[10]));
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("3");
    assertThat(answer.message())
        .isEqualTo(
            "the request body ends inside a gRPC message: its frame declares 100 bytes, 10 were"
                + " sent");
  }

  @Test
  void aBodyEndingInsideAFrameHeaderIsInvalidArgument() {
    Answer answer = send(new byte[] {0, 0, 0});
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("3");
    assertThat(answer.message())
        .isEqualTo("the request body ends inside a gRPC frame header: 3 of its 5 bytes were sent");
  }

  @Test
  void aCompressedFrameWithoutAnEncodingIsInvalidArgument() {
    Answer answer = send(frame(1, valid().length, valid()));
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("3");
    assertThat(answer.message())
        .isEqualTo("the gRPC frame is marked compressed, but the request has no grpc-encoding");
  }

  @Test
  void aFlagOtherThanZeroOrOneIsInvalidArgument() {
    Answer answer = send(frame(7, valid().length, valid()));
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("3");
    assertThat(answer.message())
        .isEqualTo("the gRPC frame's compressed flag must be 0 or 1, not 7");
  }

  @Test
  void aUnaryCallTakesExactlyOneMessage() {
    byte[] one = frame(0, valid().length, valid());
    byte[] two = ByteBuffer.allocate(one.length * 2).put(one).put(one).array();
    Answer twice = send(two);
    assertThat(twice.grpcStatus()).as(twice.toString()).isEqualTo("3");
    assertThat(twice.message())
        .isEqualTo("a unary method takes exactly one request message, the request has 2");
    Answer none = send(new byte[0]);
    assertThat(none.grpcStatus()).as(none.toString()).isEqualTo("3");
    assertThat(none.message())
        .isEqualTo("a unary method takes exactly one request message, the request has 0");
  }

  @Test
  void aFrameDeclaringMoreThanTheLimitIsResourceExhausted() {
    Answer answer = send(frame(0, 50L * 1024 * 1024, new byte[10]));
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("8");
    assertThat(answer.message())
        .isEqualTo(
            "the request message is larger than the limit of "
                + LIMIT
                + " bytes: its frame declares 52428800 bytes");
  }

  @Test
  void aMessageOverTheLimitIsResourceExhaustedNotHttp413() {
    byte[] big = new byte[2 * LIMIT];
    Answer answer = send(frame(0, big.length, big));
    assertThat(answer.httpStatus()).isEqualTo(200);
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("8");
    assertThat(answer.message())
        .isEqualTo("the request message is larger than the limit of " + LIMIT + " bytes");
  }

  @Test
  void aMessageOfExactlyTheLimitIsDecoded() {
    // A folder id of nearly the whole limit: the message decodes, and the rule on its length
    // refuses it, so the limit is on the message, not on the message and its frame.
    byte[] message =
        ListPrivateConnectionsRequest.newBuilder()
            .setFolderId("f".repeat(LIMIT - 4))
            .build()
            .toByteArray();
    assertThat(message).hasSize(LIMIT);
    Answer answer = send(frame(0, message.length, message));
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("3");
    assertThat(answer.message()).startsWith("folder_id");
  }

  @Test
  void aMalformedTimeoutIsInvalidArgument() {
    Answer answer = send(frame(0, valid().length, valid()), "grpc-timeout", "abc");
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("3");
    assertThat(answer.message()).startsWith("grpc-timeout: must be 1 to 8 digits and a unit");
  }

  @Test
  void aCredentialTooLargeIsUnauthenticatedAsAGrpcStatus() {
    String secret = "Bearer " + "s".repeat(20_000);
    Answer answer = send(frame(0, valid().length, valid()), "authorization", secret);
    assertThat(answer.httpStatus()).isEqualTo(200);
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("16");
    assertThat(answer.message())
        .startsWith("the authorization metadata is not a valid credential")
        .contains("over the limit of 8192 bytes")
        .doesNotContain("sss");
  }

  @Test
  void otherMetadataTooLargeIsInvalidArgumentAsAGrpcStatus() {
    Answer answer = send(frame(0, valid().length, valid()), "x-note", "n".repeat(20_000));
    assertThat(answer.httpStatus()).isEqualTo(200);
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("3");
    assertThat(answer.message())
        .contains("over the limit of 8192 bytes (its largest entry is x-note)");
  }

  @Test
  void aRestRequestOverHttp2WithTooLargeHeadersStillGets431() {
    AggregatedHttpResponse response =
        WebClient.of("h2c://127.0.0.1:" + server.httpPort())
            .execute(
                RequestHeaders.builder(HttpMethod.GET, "/cic/v1/privateConnections?folderId=f")
                    .add("authorization", "Bearer " + server.token)
                    .add("x-note", "n".repeat(20_000))
                    .build())
            .aggregate()
            .join();
    assertThat(response.status().code()).isEqualTo(431);
  }

  @Test
  void aMalformedAuthorizationIsUnauthenticated() {
    for (String authorization : new String[] {"Bearer \u00e9t\u00e9", "Basic abc", "Bearer "}) {
      Answer answer = send(frame(0, valid().length, valid()), "authorization", authorization);
      assertThat(answer.grpcStatus()).as(authorization).isEqualTo("16");
    }
  }

  @Test
  void anUnsupportedEncodingIsUnimplemented() {
    Answer answer = send(frame(1, valid().length, valid()), "grpc-encoding", "bogus");
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("12");
    assertThat(answer.message())
        .isEqualTo("grpc-encoding: must be identity or gzip, the ones accepted");
  }

  @Test
  void aMessageThatIsNotGzipAsItsEncodingSaysIsInvalidArgument() {
    byte[] garbage = {1, 2, 3, 4, 5, 6};
    Answer answer = send(frame(1, garbage.length, garbage), "grpc-encoding", "gzip");
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("3");
    assertThat(answer.message())
        .isEqualTo("the request message cannot be decompressed as its grpc-encoding says");
  }

  @Test
  void theGrpcWebFormatsAreCheckedToo() {
    Answer binary = send(frame(0, 100, new byte[6]), "content-type", "application/grpc-web");
    assertThat(binary.grpcStatus()).as(binary.toString()).isEqualTo("3");
    assertThat(binary.message()).startsWith("the request body ends inside a gRPC message");
    Answer text =
        send(
            "!!!notbase64".getBytes(StandardCharsets.US_ASCII),
            "content-type",
            "application/grpc-web-text");
    assertThat(text.grpcStatus()).as(text.toString()).isEqualTo("3");
    assertThat(text.message()).isEqualTo("the grpc-web-text request body is not base64");
    Answer json =
        send(frame(0, 6, new byte[] {1, 2, 3, 4, 5, 6}), "content-type", "application/grpc+json");
    assertThat(json.grpcStatus()).as(json.toString()).isEqualTo("3");
    assertThat(json.message()).startsWith("the request message cannot be decoded");
  }

  @Test
  void anUnknownMethodIsUnimplemented() {
    for (String path :
        new String[] {"/yandex.cloud.cic.v1.PrivateConnectionService/Nope", "/nope.Service/Nope"}) {
      Answer answer = sendTo(path, frame(0, 0, new byte[0]));
      assertThat(answer.grpcStatus()).as(path + ": " + answer).isEqualTo("12");
      assertThat(answer.message()).isEqualTo("unknown method " + path);
    }
  }

  private static byte[] gzip(byte[] message) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out)) {
      zip.write(message);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  @Test
  void aGzipMessageIsServedAndOneThatInflatesOverTheLimitIsResourceExhausted() {
    byte[] small = gzip(valid());
    Answer served = send(frame(1, small.length, small), "grpc-encoding", "gzip");
    assertThat(served.grpcStatus()).as(served.toString()).isEqualTo("0");
    byte[] bomb =
        gzip(
            ListPrivateConnectionsRequest.newBuilder()
                .setFolderId("f".repeat(4 * LIMIT))
                .build()
                .toByteArray());
    assertThat(bomb.length).isLessThan(LIMIT);
    Answer answer = send(frame(1, bomb.length, bomb), "grpc-encoding", "gzip");
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("8");
    assertThat(answer.message()).contains("limit of " + LIMIT + " bytes");
  }

  @Test
  void binaryMetadataThatIsNotBase64IsInvalidArgumentNotAHang() {
    // Before, the call failed to start and the client waited for an answer that never came.
    Answer answer = send(frame(0, valid().length, valid()), "x-trace-bin", "!!!*");
    assertThat(answer.grpcStatus()).as(answer.toString()).isEqualTo("3");
    assertThat(answer.message())
        .isEqualTo("metadata x-trace-bin: must be base64, as the value of every -bin entry is");
    Answer valid = send(frame(0, valid().length, valid()), "x-trace-bin", "AAEC");
    assertThat(valid.grpcStatus()).as(valid.toString()).isEqualTo("0");
  }
}
