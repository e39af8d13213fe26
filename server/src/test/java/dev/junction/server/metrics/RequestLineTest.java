package dev.junction.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.LogCapture;
import dev.junction.server.RunningServer;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line each request writes to the {@code junction.requests} log, which the observer now writes
 * whole (no pattern filled in by the logger, no {@code String.format}) and whose timer it keeps per
 * set of labels: the text and the counts stay what they were.
 */
class RequestLineTest {
  private static final Pattern WHOAMI =
      Pattern.compile(
          "INFO junction\\.requests - admin GET /junction/v1/whoami 200 [0-9]+\\.[0-9] ms"
              + " request=[0-9a-f]{16} principal=operator tenant=provider");
  private static final Pattern REST_NOT_FOUND =
      Pattern.compile(
          "INFO junction\\.requests - yandex-rest GET"
              + " yandex\\.cloud\\.cic\\.v1\\.PrivateConnectionService/Get 404 [0-9]+\\.[0-9] ms"
              + " request=[0-9a-f]{16} principal=operator tenant=provider");

  @TempDir Path dataDir;

  @Test
  void eachRequestWritesOneLineAndIsCountedUnderItsLabels() throws Exception {
    try (RunningServer server = new RunningServer(dataDir);
        LogCapture capture = LogCapture.atDebug()) {
      for (int i = 0; i < 3; i++) {
        assertThat(server.get("/junction/v1/whoami").status()).isEqualTo(200);
      }
      assertThat(server.get("/cic/v1/privateConnections/cf0nosuchconnection1").status())
          .isEqualTo(404);
      Scrape scrape = Scrape.of(server.get("/metrics").text());

      List<String> lines =
          capture.text().lines().filter(line -> line.contains("junction.requests")).toList();
      assertThat(lines.stream().filter(line -> WHOAMI.matcher(line).matches())).hasSize(3);
      assertThat(lines.stream().filter(line -> REST_NOT_FOUND.matcher(line).matches())).hasSize(1);
      assertThat(
              scrape.value(
                  "junction_requests_seconds_count",
                  "dialect",
                  "admin",
                  "method",
                  "GET /junction/v1/whoami",
                  "result",
                  "2xx"))
          .hasValue(3.0);
      assertThat(
              scrape.value(
                  "junction_requests_seconds_count",
                  "dialect",
                  "yandex-rest",
                  "method",
                  "GET yandex.cloud.cic.v1.PrivateConnectionService/Get",
                  "result",
                  "4xx"))
          .hasValue(1.0);
    }
  }
}
