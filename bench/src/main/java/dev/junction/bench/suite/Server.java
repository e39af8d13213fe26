package dev.junction.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One packaged server under measurement, as a process of its own on ports the system chose: started
 * either through the checkout's launcher ({@code ./junction serve}, with the JVM options in {@code
 * JUNCTION_JAVA_OPTS}) or as {@code java -jar server/target/junction-server.jar serve}. Its pid is
 * appended to a file that {@code bench/run.sh} kills from on exit, should the suite die first.
 */
public final class Server implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** How the server is started. */
  public enum Launch {
    /** {@code <checkout>/junction serve}: the figures about the launcher itself. */
    LAUNCHER,
    /** {@code java -jar <checkout>/server/target/junction-server.jar serve}. */
    JAR
  }

  private final Process process;
  private final long pid;
  private final int httpPort;
  private final int grpcPort;
  private final String token;
  private final Duration ready;
  private final Path dataDir;

  private Server(
      Process process,
      long pid,
      int httpPort,
      int grpcPort,
      String token,
      Duration ready,
      Path dataDir) {
    this.process = process;
    this.pid = pid;
    this.httpPort = httpPort;
    this.grpcPort = grpcPort;
    this.token = token;
    this.ready = ready;
    this.dataDir = dataDir;
  }

  /**
   * Starts the server of {@code checkout} on {@code dataDir} and returns once {@code /readyz}
   * answers 200.
   *
   * @param config the configuration file, or empty for the built-in one
   * @param jfr where to record a JFR file of the server, if anywhere
   * @param pids the file {@code run.sh} kills the servers listed in from
   */
  public static Server start(
      Path checkout,
      Launch launch,
      Path dataDir,
      Optional<Path> config,
      List<String> jvmOptions,
      Optional<Path> jfr,
      Path pids)
      throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    Files.deleteIfExists(dataDir.resolve("server.json"));
    List<String> jvm = new ArrayList<>(jvmOptions);
    jfr.ifPresent(
        file ->
            jvm.add(
                "-XX:StartFlightRecording=filename=" + file + ",settings=profile,dumponexit=true"));
    List<String> command = new ArrayList<>();
    ProcessBuilder builder = new ProcessBuilder(command);
    if (launch == Launch.LAUNCHER) {
      command.add(checkout.resolve("junction").toString());
      builder.environment().put("JUNCTION_JAVA_OPTS", String.join(" ", jvm));
    } else {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("--enable-native-access=ALL-UNNAMED");
      command.addAll(jvm);
      command.addAll(
          List.of("-jar", checkout.resolve("server/target/junction-server.jar").toString()));
    }
    command.addAll(List.of("serve", "--data-dir", dataDir.toString(), "--http-port", "0"));
    config.ifPresent(file -> command.addAll(List.of("--config", file.toString())));
    Path log = dataDir.resolve("server.log");
    long started = System.nanoTime();
    Process process =
        builder
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Files.writeString(
        pids,
        process.pid() + "\n",
        StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    long deadline = started + TimeUnit.MINUTES.toNanos(10);
    try {
      Path serverFile = dataDir.resolve("server.json");
      JsonNode ports = null;
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the server exited with " + process.exitValue() + "; see " + log);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the server did not get ready in 10 min; see " + log);
        }
        if (ports == null && Files.exists(serverFile)) {
          ports = JSON.readTree(serverFile.toFile());
        }
        if (ports != null && readyz(ports.path("httpPort").asInt())) {
          Duration ready = Duration.ofNanos(System.nanoTime() - started);
          String token =
              Files.readString(dataDir.resolve("admin-token"), StandardCharsets.US_ASCII).trim();
          return new Server(
              process,
              ports.path("pid").asLong(process.pid()),
              ports.path("httpPort").asInt(),
              ports.path("grpcPort").asInt(),
              token,
              ready,
              dataDir);
        }
        Thread.sleep(5);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static boolean readyz(int port) throws InterruptedException {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  public int httpPort() {
    return httpPort;
  }

  public int grpcPort() {
    return grpcPort;
  }

  /** Returns the bootstrap operator's token, from {@code <data-dir>/admin-token}. */
  public String token() {
    return token;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Returns how long it took from starting the process to {@code /readyz} answering 200. */
  public Duration ready() {
    return ready;
  }

  /**
   * Returns the CPU time (user and system) the server's JVM has used so far, in nanoseconds, where
   * the system tells it.
   */
  public OptionalLong cpuNanos() {
    return ProcessHandle.of(pid)
        .flatMap(handle -> handle.info().totalCpuDuration())
        .map(cpu -> OptionalLong.of(cpu.toNanos()))
        .orElse(OptionalLong.empty());
  }

  /**
   * Returns the CPU time the server's JIT compiler threads (C1 and C2) have used so far, in
   * nanoseconds, where Linux tells it ({@link ProcThreads}); empty elsewhere.
   */
  public OptionalLong compilerCpuNanos() {
    try {
      long ticks = 0;
      for (ProcThreads.Thread thread : ProcThreads.of(pid)) {
        if (ProcThreads.isCompiler(thread.name())) {
          ticks += thread.ticks();
        }
      }
      return OptionalLong.of(ticks * (1_000_000_000L / ProcThreads.TICKS_PER_SECOND));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** Returns the resident set size of the server's JVM in bytes (VmRSS), where Linux tells it. */
  public OptionalLong rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
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
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
