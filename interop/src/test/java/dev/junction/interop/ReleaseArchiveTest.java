package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive the build makes ({@code server/target/junction-<version>.tar.gz}), unpacked
 * as an operator unpacks it: its {@code ./junction serve} runs the bundled jar (no sources, no
 * Maven), answers an authenticated request, and stops cleanly on SIGTERM; its systemd units pass
 * {@code systemd-analyze verify}.
 */
class ReleaseArchiveTest {
  private static final Path JDK = Path.of(System.getProperty("java.home"));
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path home;

  /** A result of one run of a command to its end. */
  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void unpack() throws Exception {
    Path archive = Path.of(System.getProperty("junction.release.archive"));
    assertThat(archive).as("the release archive; build it with ./mvnw package").exists();
    Path unpacked = Files.createDirectories(dir.resolve("opt"));
    Run tar =
        run(
            new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", unpacked.toString()),
            Duration.ofSeconds(120));
    assertThat(tar.exit()).as(tar.err()).isZero();
    try (Stream<Path> top = Files.list(unpacked)) {
      List<Path> folders = top.toList();
      assertThat(folders).as("one folder, junction-<version>").hasSize(1);
      home = folders.get(0);
    }
    assertThat(home.getFileName().toString()).startsWith("junction-");
    assertThat(home.resolve("junction")).isExecutable();
    assertThat(home.resolve("junction-server.jar")).isRegularFile();
    assertThat(home.resolve("config/junction.yaml")).isRegularFile();
    assertThat(home.resolve("INSTALL.md")).isRegularFile();
    assertThat(home.resolve("systemd/junction.service")).isRegularFile();
    assertThat(home.resolve("systemd/junction-agent.service")).isRegularFile();
    assertThat(home.resolve("pom.xml")).as("no sources").doesNotExist();
    assertThat(home.resolve("mvnw")).as("no build").doesNotExist();
    Files.createDirectories(dir.resolve("home"));
  }

  /** Returns the launcher of the archive, run as a user runs it, with a bare environment. */
  private ProcessBuilder launcher(Map<String, String> env, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(home.resolve("junction").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().put("HOME", dir.resolve("home").toString());
    builder.environment().put("JAVA_HOME", JDK.toString());
    builder.environment().putAll(env);
    return builder;
  }

  @Test
  void servesFromTheUnpackedArchiveAndStopsOnSigterm() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path data = dir.resolve("data");
    Path log = dir.resolve("server.log");
    Process server =
        launcher(
                Map.of(),
                "serve",
                "--http-port",
                Integer.toString(port),
                "--data-dir",
                data.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      awaitReady(http, base, server, log);

      String token =
          Files.readString(data.resolve("admin-token"), StandardCharsets.US_ASCII).trim();
      HttpResponse<String> partners =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/cic/v1/partners"))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(partners.statusCode()).as(partners.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(partners.body());
      assertThat(body.path("partners").isArray()).as(partners.body()).isTrue();
      assertThat(body.path("partners").size()).as("the default catalogue's partners").isPositive();
      HttpResponse<String> stranger =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/cic/v1/partners")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(stranger.statusCode()).isEqualTo(401);
      assertThat(data.resolve("server.json")).as("written once ready").exists();

      server.destroy(); // SIGTERM
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(server.exitValue()).as(output).isEqualTo(143);
      assertThat(output)
          .as("ran the bundled jar, never a build")
          .contains("Junction is ready")
          .contains("Stopping")
          .doesNotContain("building")
          .doesNotContain("Exception");
      assertThat(data.resolve("server.json")).as("removed by the clean stop").doesNotExist();
      // The first run left what later starts map: on JDK 25 and later an ahead-of-time cache,
      // before it a class-data archive; and SQLite's native library.
      int feature = Runtime.version().feature();
      assertThat(home.resolve("cache/serve-java" + feature + (feature >= 25 ? ".aot" : ".jsa")))
          .isRegularFile();
      try (Stream<Path> kept = Files.list(home.resolve("cache"))) {
        assertThat(kept.map(file -> file.getFileName().toString()))
            .anyMatch(name -> name.startsWith("sqlite-") && name.contains("libsqlitejdbc"));
      }
    } finally {
      server.destroyForcibly();
    }
  }

  @Test
  void runsFromAFolderItCannotWriteAndPassesUnknownCommandsToTheJar() throws Exception {
    // The launcher's cache folder cannot be made (a file is in the way; root could write
    // anywhere), nor the user's cache: the server still runs, without a class-data archive.
    Files.writeString(home.resolve("cache"), "not a directory");
    Path noCache = Files.writeString(dir.resolve("no-cache"), "not a directory");
    Run version =
        run(
            launcher(Map.of("XDG_CACHE_HOME", noCache.toString()), "--version"),
            Duration.ofSeconds(120));
    assertThat(version.exit()).as(version.err()).isZero();
    assertThat(version.out().strip())
        .as("the version of the POM, from the jar's manifest")
        .isEqualTo("junction " + home.getFileName().toString().substring("junction-".length()));

    Run unknown = run(launcher(Map.of(), "no-such-command"), Duration.ofSeconds(120));
    assertThat(unknown.exit()).as("the jar's own answer to a command it lacks").isEqualTo(2);
    assertThat(unknown.err()).contains("no-such-command").doesNotContain("building");

    Run test = run(launcher(Map.of(), "test"), Duration.ofSeconds(60));
    assertThat(test.exit()).isEqualTo(2);
    assertThat(test.err()).contains("a release archive has no sources");
  }

  @Test
  void systemdUnitsPassVerification() throws Exception {
    boolean available =
        Stream.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze")
            .anyMatch(path -> Files.isExecutable(Path.of(path)));
    if (!available) {
      assertThat(System.getenv("CI"))
          .as("systemd-analyze is missing: install the systemd package (.ci/run does)")
          .isNotEqualTo("true");
      assumeTrue(
          false, "systemd-analyze is missing: install the systemd package to verify the units");
    }
    // The units name /opt/junction; verified where this archive is, which has the launcher.
    Path units = Files.createDirectories(dir.resolve("units"));
    for (String unit : List.of("junction.service", "junction-agent.service")) {
      String text = Files.readString(home.resolve("systemd").resolve(unit));
      assertThat(text).contains("ExecStart=/opt/junction/junction ");
      Files.writeString(units.resolve(unit), text.replace("/opt/junction", home.toString()));
    }
    Run verify =
        run(
            new ProcessBuilder(
                "systemd-analyze",
                "verify",
                units.resolve("junction.service").toString(),
                units.resolve("junction-agent.service").toString()),
            Duration.ofSeconds(60));
    assertThat(verify.exit()).as(verify.err()).isZero();
    assertThat(verify.err() + verify.out()).as("no warning either").isBlank();
  }

  private static void awaitReady(HttpClient http, String base, Process server, Path log)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(deadline)) {
      if (!server.isAlive()) {
        throw new AssertionError(
            "the server exited with " + server.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/readyz"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (ConnectException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not ready in 120 s:\n" + Files.readString(log));
  }

  private Run run(ProcessBuilder builder, Duration limit) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(builder.command() + " did not finish in " + limit);
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
