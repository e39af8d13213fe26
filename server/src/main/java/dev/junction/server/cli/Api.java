package dev.junction.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The public APIs over HTTP, as an SDK calls them: JSON bodies, the bearer token, and the API's
 * error turned into a {@link CliException} that reads like the server's answer.
 */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Connection connection;
  private final HttpClient http;

  Api(Connection connection) {
    this.connection = connection;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** What the server answered: its status, its body, and the body parsed as JSON if it is. */
  record Answer(int status, byte[] bytes, JsonNode json, HttpHeaders headers) {
    boolean ok() {
      return status / 100 == 2;
    }

    /**
     * Whether Cloudflare's dialect accepted a change that the network is still applying: 503 with
     * code 1010 and {@code x-should-retry: false}.
     */
    boolean stillApplying() {
      return status == 503
          && json.path("errors").path(0).path("code").asInt() == 1010
          && headers.firstValue("x-should-retry").orElse("").equals("false");
    }
  }

  /** A path segment, percent-encoded. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A query string of the parameters that are set ({@code ?a=1&b=2}), or nothing. */
  static String query(Map<String, ?> parameters) {
    StringJoiner joiner = new StringJoiner("&", "?", "");
    joiner.setEmptyValue("");
    parameters.forEach(
        (key, value) -> {
          if (value != null && !value.toString().isEmpty()) {
            joiner.add(key + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
          }
        });
    return joiner.toString();
  }

  /** Parameters in the order given, for {@link #query}. */
  static Map<String, Object> params(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** Sends a request and returns the answer, whatever its status. */
  Answer exchange(String method, String path, JsonNode body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(connection.url() + path))
            .timeout(Duration.ofSeconds(90))
            .header("Authorization", "Bearer " + connection.token())
            .header("Accept", "application/json, application/pdf")
            .header("User-Agent", "junction-cli");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("the connection timed out");
    } catch (ConnectException e) {
      throw unreachable("connection refused");
    } catch (HttpTimeoutException e) {
      throw unreachable("no answer within 90 s");
    } catch (IOException e) {
      throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", CliException.REFUSED);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("not a valid request URL: " + connection.url() + path);
    }
    byte[] bytes = response.body();
    JsonNode json = MissingNode.getInstance();
    if (bytes.length > 0
        && response.headers().firstValue("content-type").orElse("").contains("json")) {
      try {
        json = JSON.readTree(bytes);
      } catch (JsonProcessingException e) {
        json = MissingNode.getInstance();
      } catch (IOException e) {
        json = MissingNode.getInstance();
      }
    }
    return new Answer(response.statusCode(), bytes, json, response.headers());
  }

  /** Sends a request; a refusal becomes a {@link CliException} with the API's error. */
  JsonNode call(String method, String path, JsonNode body) {
    Answer answer = exchange(method, path, body);
    if (!answer.ok()) {
      throw refused(answer);
    }
    return answer.json();
  }

  JsonNode get(String path) {
    return call("GET", path, null);
  }

  private CliException unreachable(String why) {
    return new CliException(
        "cannot reach the server at " + connection.url() + connection.profileNote() + ": " + why,
        CliException.UNREACHABLE);
  }

  /** The API's error, as the user should read it: its code, message and field violations. */
  static CliException refused(Answer answer) {
    return new CliException(ApiErrors.describe(answer), CliException.REFUSED);
  }
}
