package dev.junction.server;

import dev.junction.server.config.ConfigException;
import dev.junction.server.config.JunctionConfig;
import dev.junction.server.logging.LogFormat;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code junction serve}: runs a server until SIGTERM or Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Runs a Junction server with the embedded database and the simulated network.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Option(
      names = "--http-port",
      description = "HTTP port for REST (default: from the config, 8080; 0 picks a free one).")
  Integer httpPort;

  @Option(
      names = "--grpc-port",
      description = "gRPC port; may equal the HTTP port (default: the HTTP port).")
  Integer grpcPort;

  @Option(
      names = "--data-dir",
      defaultValue = "data",
      description = "Where state is kept (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--config",
      description = "The configuration file (default: the built-in config/junction.yaml).")
  Path config;

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      description =
          "Log lines as readable text or as one JSON object a line (default: from the config,"
              + " observability.logFormat, text).")
  String logFormat;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    JunctionConfig loaded;
    try {
      loaded = config == null ? JunctionConfig.defaults() : JunctionConfig.read(config);
    } catch (ConfigException e) {
      System.err.println("junction: " + e.getMessage());
      return 2;
    }
    String formatName = logFormat != null ? logFormat : loaded.observability().logFormat();
    Optional<LogFormat> format = LogFormat.named(formatName);
    if (format.isEmpty()) {
      System.err.println(
          "junction: --log-format: must be text or json (got " + shown(formatName) + ")");
      return 2;
    }
    format.get().apply();
    loaded =
        loaded.withObservability(loaded.observability().withLogFormat(format.get().toString()));
    int http = httpPort != null ? httpPort : loaded.server().httpPort();
    int grpc = grpcPort != null ? grpcPort : (httpPort != null ? http : loaded.server().grpcPort());
    JunctionConfig effective = loaded.withPorts(http, grpc);
    JunctionServer server = JunctionServer.start(effective, dataDir);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping");
                  server.close();
                  stopped.countDown();
                },
                "shutdown"));
    Duration ready = Duration.ofNanos(System.nanoTime() - started);
    String ports =
        server.grpcPort() == server.httpPort()
            ? "REST and gRPC on port " + server.httpPort()
            : "REST on port " + server.httpPort() + ", gRPC on port " + server.grpcPort();
    // "ready in" counts from this command's start; the JVM's uptime adds its own start and the
    // command line's parsing, which is what a launcher's user waits for.
    log.info(
        "Junction is ready: {} (data in {}, ready in {} ms, {} ms after the JVM started)",
        ports,
        dataDir.toAbsolutePath().normalize(),
        ready.toMillis(),
        ManagementFactory.getRuntimeMXBean().getUptime());
    stopped.await();
    return 0;
  }

  /** Returns what the user typed, cut to 40 characters, for echoing it in an error. */
  private static String shown(String typed) {
    return typed.length() > 40 ? typed.substring(0, 40) + "..." : typed;
  }
}
