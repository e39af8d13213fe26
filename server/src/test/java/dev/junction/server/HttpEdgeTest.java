package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the HTTP layer answers before any handler runs, over raw HTTP/1.1 (so that {@code ..},
 * {@code %00} and {@code %2F} reach the server as sent): each refusal in the error body of the API
 * whose path it is, never Armeria's plain text, and nothing acted on.
 */
class HttpEdgeTest {
  private static final String ACCOUNT = "f9b2a1c3d4e5f60718293a4b5c6d7e8f";

  @TempDir static Path dataDir;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** An answer read off the socket: the status line's code, the headers and the body. */
  record Raw(int status, String headers, String body) {
    JsonNode json() {
      try {
        return RunningServer.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String header(String name) {
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return "";
    }
  }

  /** Sends {@code head} (request line and headers, without the blank line) and {@code body}. */
  private static Raw raw(String head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(body);
        out.flush();
      } catch (SocketException closedEarly) {
        // The server may answer and close before it read the whole body.
      }
      return read(socket.getInputStream());
    }
  }

  private static Raw read(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (true) {
      String text = received.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        String headers = text.substring(0, end);
        int length = contentLength(headers);
        if (length >= 0 && text.length() - end - 4 >= length) {
          int status = Integer.parseInt(headers.substring(9, 12));
          return new Raw(status, headers, text.substring(end + 4, end + 4 + length));
        }
      }
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketException reset) {
        n = -1;
      }
      if (n < 0) {
        throw new AssertionError("connection closed before a whole answer: " + text);
      }
      received.write(buffer, 0, n);
    }
  }

  private static int contentLength(String headers) {
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return -1;
  }

  private static Raw get(String target, String... headers) throws IOException {
    return send("GET", target, null, null, headers);
  }

  private static Raw send(
      String method, String target, String contentType, String body, String... headers)
      throws IOException {
    StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n");
    head.append("Authorization: Bearer ").append(server.operatorToken()).append("\r\n");
    head.append("Connection: close");
    if (contentType != null) {
      head.append("\r\nContent-Type: ").append(contentType);
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      head.append("\r\nContent-Length: ").append(bytes.length);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      head.append("\r\n").append(headers[i]).append(": ").append(headers[i + 1]);
    }
    return raw(head.toString(), bytes);
  }

  /** Checks a Yandex REST error: {@code {"code": code, "message": ..., "details": []}}. */
  private static String yandex(Raw answer, int status, int code) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.header("content-type")).startsWith("application/json");
    JsonNode json = answer.json();
    assertThat(json.path("code").asInt()).as(answer.body()).isEqualTo(code);
    assertThat(json.path("details").isArray()).as(answer.body()).isTrue();
    return json.path("message").asText();
  }

  /** Checks a Cloudflare error: {@code {"success": false, "errors": [{code, message}], ...}}. */
  private static String cloudflare(Raw answer, int status, int code) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.header("content-type")).startsWith("application/json");
    JsonNode json = answer.json();
    assertThat(json.path("success").isBoolean()).as(answer.body()).isTrue();
    assertThat(json.path("success").asBoolean()).isFalse();
    assertThat(json.path("messages").isArray()).isTrue();
    assertThat(json.has("result") && json.get("result").isNull()).isTrue();
    assertThat(json.path("errors").get(0).path("code").asInt()).as(answer.body()).isEqualTo(code);
    return json.path("errors").get(0).path("message").asText();
  }

  /** Checks an error of Junction's own APIs: {@code {"code": "NAME", "message": ...}}. */
  private static String junction(Raw answer, int status, String code) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.header("content-type")).startsWith("application/json");
    JsonNode json = answer.json();
    assertThat(json.path("code").asText()).as(answer.body()).isEqualTo(code);
    return json.path("message").asText();
  }

  @Test
  void refusedPathsAnswerInEachApisBody() throws IOException {
    assertThat(yandex(get("/cic/v1/privateConnections/%00"), 400, 3)).startsWith("request path:");
    assertThat(yandex(get("/cic/v1/privateConnections?folderId=%00"), 400, 3)).contains("%00");
    assertThat(yandex(get("/operations/../cic/v1/privateConnections"), 400, 3))
        .startsWith("request path:");
    assertThat(yandex(get("/endpoints/a%2F..%2Fb"), 400, 3)).contains("%2F");
    assertThat(
            cloudflare(get("/client/v4/accounts/" + ACCOUNT + "/cni/interconnects/%00"), 400, 1001))
        .startsWith("request path:");
    cloudflare(get("/client/v4/accounts/" + ACCOUNT + "/cni/../cni/interconnects"), 400, 1001);
    cloudflare(get("/client/v4/accounts/" + ACCOUNT + "/cni/interconnects?site=%00"), 400, 1001);
    cloudflare(get("/client/v4/accounts/..%2F" + ACCOUNT + "/cni/interconnects"), 400, 1001);
    junction(get("/admin/v1/tenants/%00"), 400, "INVALID_ARGUMENT");
    junction(get("/admin/v1/../v1/tenants"), 400, "INVALID_ARGUMENT");
    junction(get("/junction/v1/network/x?id=..%2Fy"), 400, "INVALID_ARGUMENT");
    junction(get("/agent/v1/routers?x=%00"), 400, "INVALID_ARGUMENT");
  }

  @Test
  void aRefusedPathIsToldByItsApiEvenWhenTheRequestComesInPieces() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
      socket.setSoTimeout(10_000);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write("GET /client/v4/accounts/".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(100);
      out.write((ACCOUNT + "/cni/%00 HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(100);
      out.write("Host: 127.0.0.1\r\nX-Junk: y\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      cloudflare(read(socket.getInputStream()), 400, 1001);
    }
    // Headers too large arrive in many reads; the answer is still the API's.
    yandex(get("/operations/x", "X-A", "a".repeat(6000), "X-B", "b".repeat(6000)), 431, 8);
  }

  @Test
  void pathsNoServiceServesAnswerNotFoundInTheirApisBody() throws IOException {
    assertThat(junction(get("/admin/v2/tenants"), 404, "NOT_FOUND")).contains("/admin/v2/tenants");
    junction(get("/junction/v2/network/x"), 404, "NOT_FOUND");
    junction(get("/nothing/here"), 404, "NOT_FOUND");
    junction(send("POST", "/", "application/json", "{}"), 404, "NOT_FOUND");
    // A path the Yandex transcoding does not know is its own 404 already; the same shape.
    yandex(get("/cic/v2/privateConnections"), 404, 5);
  }

  @Test
  void aMethodTheHttpLayerDoesNotServeAnswersInTheApisBody() throws IOException {
    String interconnects = "/client/v4/accounts/" + ACCOUNT + "/cni/interconnects";
    assertThat(yandex(send("TRACE", "/cic/v1/privateConnections", null, null), 405, 12))
        .contains("TRACE");
    assertThat(cloudflare(send("TRACE", interconnects, null, null), 405, 1008)).contains("TRACE");
    assertThat(yandex(send("BREW", "/cic/v1/privateConnections", null, null), 405, 12))
        .contains("BREW");
    junction(send("BREW", "/admin/v1/tenants", null, null), 405, "UNIMPLEMENTED");
    cloudflare(send("BREW", interconnects, null, null), 405, 1008);
  }

  @Test
  void aBodyOverTheLimitAnswers413InTheApisBody() throws IOException {
    String big = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
    assertThat(
            cloudflare(
                send(
                    "POST",
                    "/client/v4/accounts/" + ACCOUNT + "/cni/interconnects",
                    "application/json",
                    big),
                413,
                1001))
        .contains("request body", "1048576");
    assertThat(yandex(send("POST", "/cic/v1/privateConnections", "application/json", big), 413, 8))
        .contains("request body", "1048576");
    junction(send("POST", "/admin/v1/tenants", "application/json", big), 413, "RESOURCE_EXHAUSTED");
    // Without a Content-Length the limit is found while the body streams in: the same answer.
    String chunk = Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n";
    assertThat(
            cloudflare(
                raw(
                    "POST /client/v4/accounts/"
                        + ACCOUNT
                        + "/cni/interconnects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization:"
                        + " Bearer "
                        + server.operatorToken()
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
                    chunk.getBytes(StandardCharsets.US_ASCII)),
                413,
                1001))
        .contains("request body", "1048576");
  }

  @Test
  void headersOverTheLimitAnswer431InTheApisBody() throws IOException {
    String huge = "y".repeat(20_000);
    assertThat(yandex(get("/cic/v1/privateConnections", "X-Junk", huge), 431, 8))
        .contains("request headers");
    cloudflare(
        get("/client/v4/accounts/" + ACCOUNT + "/cni/interconnects", "X-Junk", huge), 431, 1001);
    junction(get("/admin/v1/tenants", "X-Junk", huge), 431, "RESOURCE_EXHAUSTED");
  }

  @Test
  void aBodyThatIsNotJsonAnswers415AndChangesNothing() throws IOException {
    String tenants = server.get("/admin/v1/tenants").text();
    String tenant = "{\"name\":\"edge-415\"}";
    assertThat(
            junction(
                send("POST", "/admin/v1/tenants", "text/plain", tenant), 415, "INVALID_ARGUMENT"))
        .contains("Content-Type", "text/plain", "application/json");
    junction(send("POST", "/admin/v1/tenants", "application/xml", tenant), 415, "INVALID_ARGUMENT");
    junction(send("POST", "/admin/v1/tenants", "not a type", tenant), 415, "INVALID_ARGUMENT");
    // JSON in another charset than UTF-8 would be read wrongly: refused, naming the charset.
    assertThat(
            junction(
                send("POST", "/admin/v1/tenants", "application/json; charset=utf-16", tenant),
                415,
                "INVALID_ARGUMENT"))
        .contains("charset=utf-16");
    junction(
        send("POST", "/admin/v1/tenants", "application/json; charset=no-such", tenant),
        415,
        "INVALID_ARGUMENT");
    assertThat(server.get("/admin/v1/tenants").text()).isEqualTo(tenants);

    String body =
        "{\"account\":\"%s\",\"slot_id\":\"ff466100-c991-4047-a31f-f0808ecc730c\",\"type\":\"direct\",\"speed\":\"10G\"}"
            .formatted(ACCOUNT);
    String interconnects = "/client/v4/accounts/" + ACCOUNT + "/cni/interconnects";
    String before = server.get(interconnects).text();
    assertThat(cloudflare(send("POST", interconnects, "text/plain", body), 415, 1001))
        .contains("Content-Type", "text/plain");
    cloudflare(send("POST", interconnects, "application/xml", body), 415, 1001);
    cloudflare(send("POST", interconnects, "application/x-www-form-urlencoded", body), 415, 1001);
    assertThat(server.get(interconnects).text()).isEqualTo(before);

    String connection = "{\"folderId\":\"b1g-edge\",\"name\":\"edge\"}";
    assertThat(yandex(send("POST", "/cic/v1/privateConnections", "text/plain", connection), 415, 3))
        .contains("Content-Type");
    yandex(send("POST", "/cic/v1/privateConnections", "application/xml", connection), 415, 3);
    yandex(
        send("POST", "/cic/v1/privateConnections", "application/json; charset=utf-16", connection),
        415,
        3);
  }

  @Test
  void theNetworkEndpointRefusesQueryParametersAndKeepsItsErrorsSmall() throws IOException {
    assertThat(junction(get("/junction/v1/network/cpcnothing?verbose=1"), 400, "INVALID_ARGUMENT"))
        .startsWith("verbose:");
    assertThat(junction(get("/junction/v1/nothing/" + "x".repeat(3000)), 404, "NOT_FOUND"))
        .hasSizeLessThan(400);
  }

  @Test
  void theOperatorApiNamesTheFieldsOfItsOwnBodyAndKeepsItsErrorsSmall() throws IOException {
    String connection =
        "{\"folderId\":\"b1g-edge\",\"trunkId\":\"cftnothing\",\"vlanId\":99999,\"peering\":{\"peeringSubnet\":"
            + "\"10.0.0.0/31\",\"peerIp\":\"10.0.0.0\",\"cloudIp\":\"10.0.0.1\",\"peerBgpAsn\":0},"
            + "\"services\":[\"S3\"],\"announcedPrefixes\":[\"198.51.100.0/24\"]}";
    String message =
        junction(
            send("POST", "/admin/v1/publicConnections", "application/json", connection),
            400,
            "INVALID_ARGUMENT");
    assertThat(message).contains("vlanId:", "peering.peerBgpAsn:").doesNotContain("peer_asn");
    String huge = "x".repeat(3000);
    assertThat(junction(get("/admin/v1/tenants/" + huge), 404, "NOT_FOUND").length())
        .isLessThanOrEqualTo(1003);
  }

  @Test
  void jsonWithParametersAndBodilessRequestsAreNotRefusedForTheirContentType() throws IOException {
    Raw created =
        send(
            "POST",
            "/admin/v1/tenants",
            "application/json; charset=utf-8",
            "{\"name\":\"edge-json\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    // SDKs send a Content-Type on every request; without a body it is not looked at.
    Raw list =
        send("GET", "/client/v4/accounts/" + ACCOUNT + "/cni/interconnects", "text/plain", null);
    assertThat(list.status()).as(list.body()).isNotEqualTo(415);
    Raw listed = send("GET", "/admin/v1/tenants", "application/xml", "");
    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
  }
}
