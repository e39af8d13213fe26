package dev.junction.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Sets up tenants, principals and tokens on a running server through its operator API. */
final class Tenants {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JunctionProcess server;
  private final HttpClient http = HttpClient.newHttpClient();

  Tenants(JunctionProcess server) {
    this.server = server;
  }

  private JsonNode post(String path, ObjectNode body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .header("Authorization", "Bearer " + server.token())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** Makes a tenant that owns {@code scopes}, and returns its id. */
  String create(String name, String... scopes) throws IOException, InterruptedException {
    String id =
        post("/admin/v1/tenants", JSON.createObjectNode().put("name", name)).path("id").asText();
    for (String scope : scopes) {
      post("/admin/v1/tenants/" + id + "/scopes", JSON.createObjectNode().put("scope", scope));
    }
    return id;
  }

  /** Makes a principal of {@code tenant} with {@code grants} (scope, role, ...), returns its id. */
  String principal(String tenant, String name, String... grants)
      throws IOException, InterruptedException {
    String id =
        post(
                "/admin/v1/principals",
                JSON.createObjectNode().put("tenantId", tenant).put("name", name))
            .path("id")
            .asText();
    for (int i = 0; i + 1 < grants.length; i += 2) {
      post(
          "/admin/v1/principals/" + id + "/grants",
          JSON.createObjectNode().put("scope", grants[i]).put("role", grants[i + 1]));
    }
    return id;
  }

  /** Makes a token for {@code principal} and returns its secret. */
  String token(String principal) throws IOException, InterruptedException {
    return post(
            "/admin/v1/tokens",
            JSON.createObjectNode().put("principalId", principal).put("name", "sdk"))
        .path("secret")
        .asText();
  }
}
