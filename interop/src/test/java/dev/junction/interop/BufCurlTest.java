package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's "Quick start with gRPC" command, as the README has it, against the packaged
 * server: {@code buf curl} (npm package {@code @bufbuild/buf}, installed from interop/buf's
 * lockfile with {@code npm ci}) finds the method through server reflection and lists the demo
 * folder's private connections. Needs Node.js 18+ and npm; without them the test is skipped, except
 * in CI ({@code CI=true}), where it fails.
 */
class BufCurlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EXAMPLE =
      Pattern.compile("## Quick start with gRPC.*?```sh\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dataDir;

  @Test
  void theReadmeExampleListsPrivateConnectionsThroughReflection() throws Exception {
    Path buf = Path.of(System.getProperty("junction.buf"));
    NodeTools.require("the buf curl test");
    NodeTools.install(buf, dataDir.resolve("npm-ci.log"));

    Matcher example =
        EXAMPLE.matcher(Files.readString(Path.of(System.getProperty("junction.readme"))));
    assertThat(example.find()).as("the README has the gRPC quick start's sh block").isTrue();
    String command = example.group(1);
    assertThat(command).contains("npx @bufbuild/buf curl", "127.0.0.1:8080", "$TOKEN");

    try (JunctionProcess server = JunctionProcess.start(dataDir.resolve("server"), null)) {
      String id = createConnection(server);
      ProcessBuilder run =
          new ProcessBuilder(
                  "sh", "-c", command.replace("127.0.0.1:8080", "127.0.0.1:" + server.grpcPort()))
              .directory(buf.toFile())
              .redirectError(dataDir.resolve("buf-curl.err").toFile())
              .redirectOutput(dataDir.resolve("buf-curl.out").toFile());
      run.environment().put("TOKEN", server.token());
      Process curl = run.start();
      assertThat(curl.waitFor(2, TimeUnit.MINUTES)).as("buf curl finishes").isTrue();
      String out = Files.readString(dataDir.resolve("buf-curl.out"));
      String err = Files.readString(dataDir.resolve("buf-curl.err"));
      assertThat(curl.exitValue())
          .as("buf curl:\n%s\n%s\nserver log:\n%s", out, err, server.log())
          .isZero();
      JsonNode listed = JSON.readTree(out);
      assertThat(listed.path("privateConnections").findValuesAsText("id")).containsExactly(id);
      assertThat(listed.path("privateConnections").get(0).path("name").asText())
          .isEqualTo("buf-curl");
      assertThat(server.log()).doesNotContain("Unexpected failure");
    }
  }

  /** Creates a private connection in the demo folder over REST and returns its id. */
  private static String createConnection(JunctionProcess server)
      throws IOException, InterruptedException {
    String body =
        """
        {"folderId": "demo-folder", "name": "buf-curl",
         "trunkConnectionId": "cftdemotrunk00000001", "vlanId": "701",
         "ipv4Peering": {"peeringSubnet": "192.168.9.0/31", "peerIp": "192.168.9.0",
                         "cloudIp": "192.168.9.1", "peerBgpAsn": "65001"}}
        """;
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + server.httpPort() + "/cic/v1/privateConnections"))
                    .header("Authorization", "Bearer " + server.token())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String id =
        JSON.readTree(response.body()).path("metadata").path("privateConnectionId").asText();
    assertThat(id).isNotEmpty();
    return id;
  }
}
