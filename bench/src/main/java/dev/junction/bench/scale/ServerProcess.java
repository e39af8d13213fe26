package dev.junction.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code server/target/junction-server.jar serve}) as a process of its own, on
 * a port the system chose, with its log in {@code <data-dir>/server.log}. Its pid is also written
 * to a file the caller names, so that the script that started the benchmark can kill it should the
 * benchmark itself die.
 */
final class ServerProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path pidFile;
  private final int httpPort;
  private final String token;
  private final Duration startup;

  private ServerProcess(
      Process process, Path pidFile, int httpPort, String token, Duration startup) {
    this.process = process;
    this.pidFile = pidFile;
    this.httpPort = httpPort;
    this.token = token;
    this.startup = startup;
  }

  /**
   * Starts the server on {@code dataDir} with {@code config} and returns once it listens (once it
   * has written {@code server.json}).
   *
   * @param jvmOptions options of the server's JVM, such as {@code -Xmx4g}
   */
  static ServerProcess start(
      Path jar, Path dataDir, Path config, List<String> jvmOptions, Path pidFile, Duration timeout)
      throws IOException, InterruptedException {
    Path serverFile = dataDir.resolve("server.json");
    Files.deleteIfExists(serverFile);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(
        List.of(
            "serve",
            "--data-dir",
            dataDir.toString(),
            "--config",
            config.toString(),
            "--http-port",
            "0"));
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()))
            .start();
    Files.writeString(pidFile, process.pid() + "\n", StandardCharsets.US_ASCII);
    long deadline = started + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the server exited with " + process.exitValue() + "; see " + log(dataDir));
        }
        if (Files.exists(serverFile)) {
          JsonNode ports = JSON.readTree(serverFile.toFile());
          if (ports.path("pid").asLong() == process.pid()) {
            Duration startup = Duration.ofNanos(System.nanoTime() - started);
            String token =
                Files.readString(dataDir.resolve("admin-token"), StandardCharsets.US_ASCII).trim();
            return new ServerProcess(
                process, pidFile, ports.path("httpPort").asInt(), token, startup);
          }
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException(
          "the server did not start in " + timeout.toSeconds() + " s; see " + log(dataDir));
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      Files.deleteIfExists(pidFile);
      throw e;
    }
  }

  private static Path log(Path dataDir) {
    return dataDir.resolve("server.log");
  }

  int httpPort() {
    return httpPort;
  }

  String token() {
    return token;
  }

  long pid() {
    return process.pid();
  }

  /** Returns how long it took from starting the JVM to the server listening. */
  Duration startup() {
    return startup;
  }

  /** Returns the resident set size of the server's process, in bytes, where Linux tells it. */
  OptionalLong rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
          return OptionalLong.of(Long.parseLong(kb) * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux, or the process is gone.
    }
    return OptionalLong.empty();
  }

  /** Stops the server with SIGTERM, and kills it if it has not stopped within 30 seconds. */
  @Override
  public void close() throws InterruptedException, IOException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        Report.progress("the server did not stop on SIGTERM within 30 s; killing it");
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
    Files.deleteIfExists(pidFile);
  }
}
