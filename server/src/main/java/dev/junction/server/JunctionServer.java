package dev.junction.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerPort;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.api.cloudflare.CloudflareDialect;
import dev.junction.api.yandex.YandexDialect;
import dev.junction.core.UseCases;
import dev.junction.core.operation.Ids;
import dev.junction.core.operation.OperationWorker;
import dev.junction.core.store.Store;
import dev.junction.network.Reconciler;
import dev.junction.network.simulated.SimulatedDriver;
import dev.junction.server.admin.AdminApi;
import dev.junction.server.auth.AdminToken;
import dev.junction.server.auth.Authentication;
import dev.junction.server.auth.Principal;
import dev.junction.server.auth.TokenVerifier;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.PostgresStore;
import dev.junction.store.SqliteStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Junction server: the store, the loops and the listening ports. {@link #start} wires
 * everything by hand from the configuration; {@link #close()} stops it in reverse order.
 */
public final class JunctionServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JunctionServer.class);
  static final String SERVER_FILE = "server.json";

  private final Components components;
  private final Server server;
  private final Path dataDir;

  private JunctionServer(Components components, Server server, Path dataDir) {
    this.components = components;
    this.server = server;
    this.dataDir = dataDir;
  }

  /**
   * Starts a server with {@code config}, keeping its state in {@code dataDir}. Ports of 0 in the
   * configuration are chosen by the system; {@link #httpPort()} and {@link #grpcPort()} tell which,
   * and {@code <data-dir>/server.json} records them for the CLI and tests.
   */
  public static JunctionServer start(JunctionConfig config, Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Components components = build(config, dataDir);
    AdminToken.Bootstrap admin = AdminToken.ensure(dataDir);
    components.tokens().accept(admin.token(), new Principal("admin"));
    if (admin.created()) {
      log.info("Wrote the bootstrap admin token to {} (mode 0600)", admin.file());
    }
    AdminToken.Bootstrap globalKey = AdminToken.ensureGlobalKey(dataDir);
    components
        .tokens()
        .acceptGlobalKey(config.server().adminEmail(), globalKey.token(), new Principal("admin"));
    if (globalKey.created()) {
      log.info(
          "Wrote the bootstrap admin global key (for X-Auth-Email {}) to {} (mode 0600)",
          config.server().adminEmail(),
          globalKey.file());
    }

    ServerBuilder sb = Server.builder();
    configure(sb, components);
    int httpPort = config.server().httpPort();
    int grpcPort = config.server().grpcPort();
    sb.port(new ServerPort(new InetSocketAddress(httpPort), SessionProtocol.HTTP));
    if (grpcPort != httpPort) {
      sb.port(new ServerPort(new InetSocketAddress(grpcPort), SessionProtocol.HTTP));
    }
    sb.gracefulShutdownTimeout(Duration.ofMillis(500), Duration.ofSeconds(5));
    Server server = sb.build();
    server.start().join();

    components.reconciler().start();
    components.worker().start();
    components.reconciler().requestPass();
    JunctionServer running = new JunctionServer(components, server, dataDir);
    running.writeServerFile();
    return running;
  }

  /** Builds every component from the configuration, without starting anything. */
  static Components build(JunctionConfig config, Path dataDir) {
    Store store =
        config.store().isPostgresql()
            ? PostgresStore.open(
                config.store().url(), config.store().user(), config.store().password())
            : SqliteStore.open(dataDir.resolve("junction.db"));
    InstantSource clock = InstantSource.system();
    LocalSignals signals = new LocalSignals();
    UseCases useCases = UseCases.over(store, clock, Ids.random(), config.core(), signals);
    useCases
        .catalogue()
        .load(
            config.catalogue().pointsOfPresence(),
            config.catalogue().partners(),
            config.catalogue().routers(),
            config.catalogue().ports());
    config.demoTrunks().forEach(useCases.trunks()::provision);

    SimulatedDriver driver = new SimulatedDriver(clock, config.network().simulated());
    Reconciler reconciler =
        new Reconciler(
            useCases.network(),
            driver,
            clock,
            config.network().pollInterval(),
            config.network().resyncInterval(),
            Duration.ofSeconds(30));
    OperationWorker worker =
        new OperationWorker(
            store,
            clock,
            useCases.executions(),
            "worker-" + UUID.randomUUID(),
            config.worker().leaseDuration(),
            config.worker().pollInterval(),
            signals);
    signals.onNetworkChanged(reconciler::requestPass);
    signals.onOperationsChanged(worker::wake);
    return new Components(config, store, useCases, worker, driver, reconciler, new TokenVerifier());
  }

  /** Adds every service of Junction to {@code sb}: the one wiring that tests reuse. */
  static void configure(ServerBuilder sb, Components components) {
    Authentication authentication = new Authentication(components.tokens());
    YandexDialect yandex =
        new YandexDialect(
            components.useCases(),
            JunctionServer::subject,
            components.config().server().publicAddress());
    yandex.configure(sb, authentication.newDecorator(yandex::unauthenticated));
    CloudflareDialect cloudflare =
        new CloudflareDialect(
            components.useCases(),
            JunctionServer::subject,
            components.config().providerName(),
            components.config().cni().gcpPartner(),
            components.config().cni().defaultAsn(),
            InstantSource.system());
    cloudflare.configure(sb, authentication.newDecorator(cloudflare::unauthenticated));
    new AdminApi(components.useCases(), components.driver())
        .configure(sb, authentication.newDecorator(AdminApi::unauthenticated));
    sb.service(
        "/healthz", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT, "ok\n"));
    sb.decorator(
        (delegate, ctx, req) -> {
          ctx.addAdditionalResponseHeader("x-request-id", ctx.id().text());
          return delegate.serve(ctx, req);
        });
    sb.maxRequestLength(1024 * 1024);
  }

  private static String subject(ServiceRequestContext ctx) {
    Principal principal = Principal.of(ctx);
    return principal == null ? "anonymous" : principal.subject();
  }

  public int httpPort() {
    return server.activeLocalPort(SessionProtocol.HTTP);
  }

  public int grpcPort() {
    int configured = components.config().server().grpcPort();
    if (configured != components.config().server().httpPort()) {
      for (ServerPort port : server.activePorts().values()) {
        if (port.localAddress().getPort() != httpPort()) {
          return port.localAddress().getPort();
        }
      }
    }
    return httpPort();
  }

  private void writeServerFile() throws IOException {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("httpPort", httpPort());
    info.put("grpcPort", grpcPort());
    info.put("pid", ProcessHandle.current().pid());
    info.put("startedIn", ManagementFactory.getRuntimeMXBean().getUptime() + "ms");
    Path temp = dataDir.resolve(SERVER_FILE + ".tmp");
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), info);
    Files.move(
        temp,
        dataDir.resolve(SERVER_FILE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Stops taking requests, lets the loops finish their pass, and closes the store. */
  @Override
  public void close() {
    server.stop().join();
    components.worker().close();
    components.reconciler().close();
    components.store().close();
    try {
      Files.deleteIfExists(dataDir.resolve(SERVER_FILE));
    } catch (IOException e) {
      log.warn("Could not remove {}", dataDir.resolve(SERVER_FILE), e);
    }
  }

  Components components() {
    return components;
  }
}
