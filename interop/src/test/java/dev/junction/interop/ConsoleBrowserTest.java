package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the console at {@code /console} of the packaged server in headless Chromium (Debian's
 * {@code chromium}, through npm's {@code playwright-core}, interop/console-e2e, installed from its
 * lockfile with {@code npm ci}): the operator approves a tenant's ticket, watches the tenant's
 * connection and its BGP session turn ACTIVE and Established on the simulated network on a page
 * that updates by itself, and another tenant sees none of it. The screenshots are saved in {@code
 * interop/target/console-screenshots}. Without chromium, Node.js or npm the test is skipped, saying
 * what to install, except in CI ({@code CI=true}), where it fails.
 */
class ConsoleBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FOLDER = "b1gconsoleacme";
  private static final String OTHER_FOLDER = "b1gconsolerival";

  @TempDir Path dataDir;

  @Test
  void theOperatorApprovesAndWatchesAConnectionComeUpAndAnotherTenantSeesNone() throws Exception {
    Path chromium = requireChromium();
    NodeTools.require("the console's browser test");
    Path project = Path.of(System.getProperty("junction.console.e2e"));
    NodeTools.install(project, dataDir.resolve("npm-ci.log"));
    Path screenshots = Path.of(System.getProperty("junction.console.screenshots"));
    Files.createDirectories(screenshots);
    try (var old = Files.newDirectoryStream(screenshots, "*.png")) {
      for (Path each : old) {
        Files.delete(each);
      }
    }

    try (JunctionProcess server = JunctionProcess.start(dataDir.resolve("server"), slowNetwork())) {
      Tenants tenants = new Tenants(server);
      String acme = tenants.create("console-acme", FOLDER);
      String tenantToken = tenants.token(tenants.principal(acme, "editor", FOLDER, "editor"));
      String rival = tenants.create("console-rival", OTHER_FOLDER);
      String otherToken = tenants.token(tenants.principal(rival, "editor", OTHER_FOLDER, "editor"));
      String ticket = orderTrunk(server, tenantToken);

      ProcessBuilder run =
          new ProcessBuilder("node", "console.test.mjs")
              .directory(project.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dataDir.resolve("browser.log").toFile());
      Map<String, String> env = run.environment();
      env.put("JUNCTION_URL", "http://127.0.0.1:" + server.httpPort());
      env.put("JUNCTION_OPERATOR_TOKEN", server.token());
      env.put("JUNCTION_TENANT_TOKEN", tenantToken);
      env.put("JUNCTION_OTHER_TOKEN", otherToken);
      env.put("JUNCTION_FOLDER", FOLDER);
      env.put("JUNCTION_TICKET", ticket);
      env.put("JUNCTION_CHROMIUM", chromium.toString());
      env.put("JUNCTION_USER_DATA_DIR", dataDir.resolve("chromium-profile").toString());
      env.put("JUNCTION_SCREENSHOTS", screenshots.toString());
      Process browser = run.start();
      assertThat(browser.waitFor(5, TimeUnit.MINUTES)).as("the browser test finishes").isTrue();
      String output = Files.readString(dataDir.resolve("browser.log"));
      assertThat(browser.exitValue())
          .as("the browser test:\n%s\nserver log:\n%s", output, server.log())
          .isZero();
      assertThat(output).contains("console e2e: ok");
      assertThat(screenshots.resolve("05-resources-established.png")).isNotEmptyFile();
    }
  }

  /**
   * Returns the default configuration with a simulated network slow enough (seconds, not
   * milliseconds) that the page shows the connection in progress before it is up.
   */
  private Path slowNetwork() throws IOException {
    String defaults = Files.readString(Path.of(System.getProperty("junction.default.config")));
    String slow =
        defaults
            .replaceFirst("applyDelay: \\S+", "applyDelay: 1s")
            .replaceFirst("linkUpDelay: \\S+", "linkUpDelay: 1s")
            .replaceFirst("bgpEstablishDelay: \\S+", "bgpEstablishDelay: 3s");
    assertThat(slow).contains("bgpEstablishDelay: 3s");
    Path config = dataDir.resolve("junction.yaml");
    Files.writeString(config, slow);
    return config;
  }

  /** Orders a trunk through the public API as the tenant, and returns the ticket's id. */
  private static String orderTrunk(JunctionProcess server, String token)
      throws IOException, InterruptedException {
    HttpResponse<String> ordered =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + server.httpPort()
                                + "/cic/v1/trunkConnectionTickets"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            """
                            {"folderId": "%s", "spec": {"name": "console-trunk",
                             "capacity": "CAPACITY_10_GBPS", "pointOfPresenceId": "mow01"}}
                            """
                                .formatted(FOLDER)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(ordered.statusCode()).as(ordered.body()).isEqualTo(200);
    JsonNode operation = JSON.readTree(ordered.body());
    return operation.path("metadata").path("ticketId").asText();
  }

  /**
   * Returns Debian's chromium; without it, skips the test saying what to install, or fails it in CI
   * ({@code CI=true}), where {@code .ci/run} installs it.
   */
  private static Path requireChromium() {
    Optional<Path> found = onPath("chromium");
    if (found.isPresent()) {
      return found.get();
    }
    String problem = "chromium is not installed";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(problem + " (CI=true: the console's browser test must run)");
    }
    Assumptions.abort(
        problem
            + "; install chromium (Debian: apt-get install chromium) to run the console's"
            + " browser test");
    throw new AssertionError("unreachable");
  }

  private static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
