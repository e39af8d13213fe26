package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the official Cloudflare TypeScript SDK, npm package {@code cloudflare} at 4.1.0 and at 7.3.0
 * (interop/sdk-js, installed from its lockfile with {@code npm ci}), against the packaged server:
 * every network-interconnects method, pagination, the errors by the SDK's own error classes and
 * codes, the permission groups of a reader and another tenant, and the rate limit's 429. Needs
 * Node.js 18+ and npm; without them the test is skipped, except in CI ({@code CI=true}), where it
 * fails.
 */
class CloudflareSdkTest {
  private static final String ACCOUNT_4 = "4a1000000000000000000000000000a4";
  private static final String ACCOUNT_7 = "7a3000000000000000000000000000a7";

  @TempDir Path dataDir;

  @Test
  void passesTheSdkSuiteAtBothVersions() throws Exception {
    Path sdk = Path.of(System.getProperty("junction.sdk.js"));
    NodeTools.require("the SDK interop tests");
    NodeTools.install(sdk, dataDir.resolve("npm-ci.log"));

    try (JunctionProcess server = JunctionProcess.start(dataDir.resolve("server"), null)) {
      ProcessBuilder run =
          new ProcessBuilder("node", "--test", "test/")
              .directory(sdk.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dataDir.resolve("sdk.log").toFile());
      Map<String, String> env = run.environment();
      env.put("JUNCTION_BASE_URL", "http://127.0.0.1:" + server.httpPort() + "/client/v4");
      env.put("JUNCTION_TOKEN", server.token());
      env.put("JUNCTION_EMAIL", "admin@junction.local");
      env.put(
          "JUNCTION_GLOBAL_KEY",
          Files.readString(server.dataDir().resolve("admin-global-key"), StandardCharsets.US_ASCII)
              .trim());
      Tenants tenants = new Tenants(server);
      String customer = tenants.create("sdk-customer", ACCOUNT_4, ACCOUNT_7);
      String reader =
          tenants.principal(
              customer, "reader", ACCOUNT_4, "Magic WAN Read", ACCOUNT_7, "Magic WAN Read");
      env.put("JUNCTION_READER_TOKEN", tenants.token(reader));
      env.put(
          "JUNCTION_LIMITED_TOKEN_4",
          tenants.token(tenants.principal(customer, "hasty4", ACCOUNT_4, "Magic Transit Write")));
      env.put(
          "JUNCTION_LIMITED_TOKEN_7",
          tenants.token(tenants.principal(customer, "hasty7", ACCOUNT_7, "Magic Transit Write")));
      String other = tenants.create("sdk-other", "0e0000000000000000000000000000e0");
      env.put(
          "JUNCTION_STRANGER_TOKEN",
          tenants.token(
              tenants.principal(
                  other, "stranger", "0e0000000000000000000000000000e0", "Magic WAN Write")));
      env.remove("CLOUDFLARE_API_TOKEN");
      env.remove("CLOUDFLARE_BASE_URL");
      Process tests = run.start();
      assertThat(tests.waitFor(10, TimeUnit.MINUTES)).as("the SDK suite finishes").isTrue();
      String output = Files.readString(dataDir.resolve("sdk.log"));
      assertThat(tests.exitValue())
          .as("the SDK suite:\n%s\nserver log:\n%s", output, server.log())
          .isZero();
      assertThat(output).contains("# suites 2").contains("# fail 0");
    }
  }
}
