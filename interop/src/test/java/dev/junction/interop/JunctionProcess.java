package dev.junction.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code server/target/junction-server.jar}) running as a process of its own,
 * on ports the system chose, with its data in a directory of the test's.
 */
final class JunctionProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path dataDir;
  private final int httpPort;
  private final int grpcPort;
  private final String token;

  private JunctionProcess(Process process, Path dataDir, JsonNode ports, String token) {
    this.process = process;
    this.dataDir = dataDir;
    this.httpPort = ports.path("httpPort").asInt();
    this.grpcPort = ports.path("grpcPort").asInt();
    this.token = token;
  }

  /** Starts the server with {@code dataDir} and, if not null, the configuration {@code config}. */
  static JunctionProcess start(Path dataDir, Path config) throws IOException, InterruptedException {
    return start(dataDir, config, Map.of());
  }

  /** Starts the server as {@link #start(Path, Path)} does, with {@code env} added. */
  static JunctionProcess start(Path dataDir, Path config, Map<String, String> env)
      throws IOException, InterruptedException {
    return start(dataDir, config, env, List.of());
  }

  /**
   * Starts the server as {@link #start(Path, Path, Map)} does, with {@code options} added to {@code
   * serve}.
   */
  static JunctionProcess start(
      Path dataDir, Path config, Map<String, String> env, List<String> options)
      throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    Path serverFile = dataDir.resolve("server.json");
    Files.deleteIfExists(serverFile);
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("junction.java", "java"));
    command.add("-jar");
    command.add(System.getProperty("junction.server.jar"));
    command.addAll(List.of("serve", "--data-dir", dataDir.toString(), "--http-port", "0"));
    if (config != null) {
      command.addAll(List.of("--config", config.toString()));
    }
    command.addAll(options);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the server exited with " + process.exitValue() + ":\n" + log(dataDir));
      }
      if (Files.exists(serverFile)) {
        JsonNode ports = JSON.readTree(serverFile.toFile());
        if (ports.path("pid").asLong() == process.pid()) {
          String token =
              Files.readString(dataDir.resolve("admin-token"), StandardCharsets.US_ASCII).trim();
          return new JunctionProcess(process, dataDir, ports, token);
        }
      }
      Thread.sleep(50);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the server did not start in 60 s:\n" + log(dataDir));
  }

  int httpPort() {
    return httpPort;
  }

  int grpcPort() {
    return grpcPort;
  }

  String token() {
    return token;
  }

  Path dataDir() {
    return dataDir;
  }

  /** Kills the server with SIGKILL: no shutdown hook runs, as in a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the server with SIGTERM and returns its exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the server did not stop on SIGTERM within 30 s");
    }
    return process.exitValue();
  }

  String log() {
    return log(dataDir);
  }

  private static String log(Path dataDir) {
    try {
      return Files.readString(dataDir.resolve("server.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }
}
