package dev.junction.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.NonBlocking;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerPort;
import dev.junction.api.cloudflare.CloudflareDialect;
import dev.junction.api.yandex.YandexDialect;
import dev.junction.core.UseCases;
import dev.junction.core.access.CredentialCache;
import dev.junction.core.access.Identities;
import dev.junction.core.network.AgentInfo;
import dev.junction.core.operation.Admission;
import dev.junction.core.operation.Ids;
import dev.junction.core.operation.OperationWaiter;
import dev.junction.core.operation.OperationWorker;
import dev.junction.network.agent.AgentObserver;
import dev.junction.network.agent.InProcessFeed;
import dev.junction.network.agent.LocalRouters;
import dev.junction.network.agent.RouterAgent;
import dev.junction.network.agent.RouterChanges;
import dev.junction.network.plan.Planner;
import dev.junction.network.plan.RendererFactory;
import dev.junction.network.simulated.SimulatedNetwork;
import dev.junction.server.admin.AdminApi;
import dev.junction.server.apidocs.ApiDocs;
import dev.junction.server.audit.AuditDecorator;
import dev.junction.server.auth.AdminToken;
import dev.junction.server.auth.Authentication;
import dev.junction.server.auth.RequestCallers;
import dev.junction.server.auth.WhoAmI;
import dev.junction.server.config.JunctionConfig;
import dev.junction.server.config.NetworkSettings;
import dev.junction.server.console.Console;
import dev.junction.server.edge.ContentTypes;
import dev.junction.server.edge.EdgeErrors;
import dev.junction.server.edge.RequestTargets;
import dev.junction.server.health.Readiness;
import dev.junction.server.limits.RateLimiter;
import dev.junction.server.metrics.ServerMetrics;
import dev.junction.server.network.AgentApi;
import dev.junction.server.network.BirdDrivers;
import dev.junction.server.network.NetworkEndpoint;
import dev.junction.store.JdbcStore;
import dev.junction.store.PostgresStore;
import dev.junction.store.SecretCipher;
import dev.junction.store.SqliteStore;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
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
    StartPhases phases = new StartPhases();
    // What the services need that does not depend on the store is made ready meanwhile: on two
    // cores this takes a second off a start (docs/performance.md, P7).
    Thread.ofPlatform().daemon().name("junction-prepare").start(JunctionServer::prepareServices);
    DataDirectory.secure(dataDir);
    Components components = build(config, dataDir, phases);
    // The bootstrap credentials (two files, one write that waits for its commit to be durable)
    // are stored while the services are built, which is CPU work: both are done before the ports
    // open.
    FutureTask<Long> credentials =
        new FutureTask<>(
            () -> {
              long began = System.nanoTime();
              bootstrap(config, dataDir, components);
              return System.nanoTime() - began;
            });
    Thread.ofPlatform().daemon().name("junction-credentials").start(credentials);

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
    phases.mark("services");
    phases.alongside("credentials", finished(credentials));
    phases.mark("waiting for the credentials");
    // The store and the bootstrap made their files (SQLite's -wal and -shm take the database
    // file's mode 0600); this only catches what came out more open.
    DataDirectory.narrow(dataDir);
    server.start().join();
    phases.mark("listening");

    // Ready does not wait for the network: the routers' agents take their routers over and sync
    // them in the background, however many subjects they hold.
    components.localRouters().start();
    components.worker().start();
    JunctionServer running = new JunctionServer(components, server, dataDir);
    running.writeServerFile();
    phases.mark("loops");
    log.info("Started: {}", phases);
    return running;
  }

  /** Waits for {@code task} and returns its result, or throws what it threw. */
  private static long finished(FutureTask<Long> task) throws IOException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while storing the bootstrap credentials", e);
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case RuntimeException runtime -> throw runtime;
        case Error error -> throw error;
        default -> throw new IOException(e.getCause());
      }
    }
  }

  /** Prepares ahead what the services need; should that fail, they prepare it when built. */
  private static void prepareServices() {
    try {
      YandexDialect.prepare();
    } catch (RuntimeException e) {
      log.debug("Could not prepare the services ahead; they are built without it", e);
    }
  }

  /**
   * Makes sure the bootstrap operator and its credentials exist: the configured files, or those of
   * the data directory (made on the first start). The first start on a database stores them; a
   * replica whose credentials differ from the stored ones says so, naming the files only.
   */
  private static void bootstrap(JunctionConfig config, Path dataDir, Components components)
      throws IOException {
    String tokenFile = config.server().adminTokenFile();
    String keyFile = config.server().adminGlobalKeyFile();
    AdminToken.Bootstrap token =
        tokenFile.isEmpty()
            ? AdminToken.ensure(dataDir)
            : AdminToken.configured(Path.of(tokenFile), "server.adminTokenFile");
    AdminToken.Bootstrap globalKey =
        keyFile.isEmpty()
            ? AdminToken.ensureGlobalKey(dataDir)
            : AdminToken.configured(Path.of(keyFile), "server.adminGlobalKeyFile");
    if (token.created()) {
      log.info("Wrote a new bootstrap admin token to {} (mode 0600)", token.file());
    }
    if (globalKey.created()) {
      log.info(
          "Wrote a new bootstrap admin global key (for X-Auth-Email {}) to {} (mode 0600)",
          config.server().adminEmail(),
          globalKey.file());
    }
    Identities.Bootstrapped outcome =
        components
            .useCases()
            .identities()
            .bootstrap(config.server().adminEmail(), token.token(), globalKey.token());
    if (outcome.tokenStored()) {
      log.info("Stored the bootstrap admin token of {} in the database", token.file());
    } else if (!outcome.tokenAccepted()) {
      log.warn(
          "The bootstrap admin token in {} is not a valid token of the operator: another replica,"
              + " or an earlier start, stored a different one in the database first (or it was"
              + " revoked). Use the stored one (on every replica, for example through"
              + " server.adminTokenFile); this file's is refused.",
          token.file());
    }
    if (outcome.globalKeyStored()) {
      log.info("Stored the bootstrap admin global key of {} in the database", globalKey.file());
    } else if (!outcome.globalKeyAccepted()) {
      log.warn(
          "The bootstrap admin global key in {} is not the operator's: another replica, or an"
              + " earlier start, stored a different one in the database first (or the operator"
              + " made a new one). Use the stored one (on every replica, for example through"
              + " server.adminGlobalKeyFile); this file's is refused.",
          globalKey.file());
    }
  }

  /** Builds every component from the configuration, without starting anything. */
  static Components build(JunctionConfig config, Path dataDir) throws IOException {
    return build(config, dataDir, new StartPhases());
  }

  private static Components build(JunctionConfig config, Path dataDir, StartPhases phases)
      throws IOException {
    SecretCipher cipher = SecretKeys.load(config.secrets(), dataDir);
    if (!config.store().isPostgresql()) {
      DataDirectory.createPrivate(dataDir.resolve("junction.db"));
    }
    JdbcStore store =
        (config.store().isPostgresql()
                ? PostgresStore.open(
                    config.store().url(),
                    config.store().user(),
                    config.store().password(),
                    cipher,
                    config.store().poolSize(),
                    config.store().connectionTimeout())
                : SqliteStore.open(
                    dataDir.resolve("junction.db"), cipher, JunctionServer::servesRequests))
            .withMaxPageSize(config.limits().maxPageSize());
    phases.mark("store and migrations");
    InstantSource clock = InstantSource.system();
    LocalSignals signals = new LocalSignals();
    Admission admission =
        new Admission(
            store,
            config.worker().maxWriting(),
            config.worker().maxUnfinished(),
            config.worker().admissionRefresh(),
            System::nanoTime);
    UseCases useCases =
        UseCases.over(store, clock, Ids.random(), config.core(), signals, admission);
    useCases
        .catalogue()
        .load(
            config.catalogue().pointsOfPresence(),
            config.catalogue().partners(),
            config.catalogue().routers(),
            config.catalogue().ports());
    config.demoTrunks().forEach(useCases.trunks()::provision);
    phases.mark("catalogue");

    OperationWorker worker =
        new OperationWorker(
            store,
            clock,
            useCases.executions(),
            "worker-" + UUID.randomUUID(),
            config.worker().leaseDuration(),
            config.worker().pollInterval(),
            config.worker().retries(),
            signals);
    // The worker sleeps until the next operation is due; these wake it sooner: this process's
    // submits, cancels and router reports, and (PostgreSQL) any replica's commit that inserted an
    // operation or made one due. The poll interval is only a backstop.
    signals.onOperationsChanged(worker::wake);
    store.onOperationsDue(worker::wake);
    // Requests waiting for a change hear of it from this worker at once, and of another replica's
    // (or worker's) through the store's signal, which every finished operation raises.
    OperationWaiter waiter = new OperationWaiter(store);
    worker.onFinished(waiter::finished);
    store.onOperationsDue(waiter::changed);
    ServerMetrics metrics = ServerMetrics.over(store, clock);
    metrics.observe(worker);
    RouterChanges routerChanges = new RouterChanges();
    store.onRouterChanged(routerChanges::changed);
    SimulatedNetwork simulated = new SimulatedNetwork(clock, config.network().simulated());
    String replica = "replica-" + hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    LocalRouters localRouters =
        localRouters(
            config.network(), useCases, routerChanges, simulated, clock, replica, metrics.agents());
    RateLimiter limiter =
        new RateLimiter(
            config.limits().requestsPerSecond(), config.limits().burst(), System::nanoTime);
    // Credentials the database confirmed less than access.cacheStaleness ago are accepted without
    // asking it again; entries in use are confirmed again in the background, on the blocking pool.
    CredentialCache credentials =
        new CredentialCache(
            useCases.identities(),
            clock,
            config.access().cacheStaleness(),
            config.access().cacheEntries(),
            CommonPools.blockingTaskExecutor());
    return new Components(
        config,
        replica,
        store,
        useCases,
        worker,
        waiter,
        simulated,
        routerChanges,
        localRouters,
        limiter,
        credentials,
        metrics);
  }

  /**
   * Returns the agents of the routers this server drives itself: simulated routers, and BIRD on
   * this host. Every replica runs them; a router's agent runs on the one replica that holds its
   * lease.
   */
  private static LocalRouters localRouters(
      NetworkSettings network,
      UseCases useCases,
      RouterChanges changes,
      SimulatedNetwork simulated,
      InstantSource clock,
      String owner,
      AgentObserver observer) {
    InProcessFeed feed =
        new InProcessFeed(useCases.network(), changes, owner, network.ownerLease());
    return new LocalRouters(
        () -> useCases.catalogue().routers(),
        router ->
            switch (network.driverOf(router.id()).driver()) {
              case "simulated" -> Optional.of(simulated.router(router.id()));
              case "bird" -> Optional.of(BirdDrivers.open(network.driverOf(router.id()).bird()));
              default -> Optional.empty();
            },
        (router, driver) ->
            new RouterAgent(
                    router.id(),
                    feed,
                    driver,
                    network.agent(),
                    clock,
                    new AgentInfo(driver.kind(), Version.current(), owner, driver.settings()))
                .observedBy(observer),
        network.ownerLease().dividedBy(3));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /**
   * Returns whether the dialects run their reads on the event loop that took the request: on the
   * embedded store, whose event loops read the file on connections of their own ({@link
   * #servesRequests}) and never wait for the pool. On PostgreSQL a read is a round trip over the
   * network, which an event loop must not wait for; reads go to the blocking pool there.
   */
  static boolean readsInPlace(JunctionConfig config) {
    return !config.store().isPostgresql();
  }

  /**
   * Returns whether {@code thread} is one of the web server's event loops, which keep a read
   * connection of their own on the embedded store.
   */
  private static boolean servesRequests(Thread thread) {
    return thread instanceof NonBlocking;
  }

  /** Adds every service of Junction to {@code sb}: the one wiring that tests reuse. */
  static void configure(ServerBuilder sb, Components components) {
    Authentication authentication = new Authentication(components.credentials());
    YandexDialect yandex =
        new YandexDialect(
            components.useCases(),
            RequestCallers::answeredWithTheOperation,
            components.config().server().publicAddress());
    yandex.configure(
        sb,
        guarded(
            components,
            authentication,
            yandex::unauthenticated,
            yandex::unavailable,
            yandex::rateLimited),
        components.config().limits().maxRequestBytes(),
        readsInPlace(components.config()));
    if (readsInPlace(components.config())) {
      ReadSnapshots.configure(sb, components.store());
    }
    CloudflareDialect cloudflare =
        new CloudflareDialect(
            components.useCases(),
            RequestCallers::of,
            components.config().providerName(),
            components.config().cni().gcpPartner(),
            components.config().cni().defaultAsn(),
            InstantSource.system(),
            components.waiter(),
            components.config().cni().changeWait());
    cloudflare.configure(
        sb,
        guarded(
            components,
            authentication,
            cloudflare::unauthenticated,
            cloudflare::unavailable,
            cloudflare::rateLimited),
        readsInPlace(components.config()));
    NetworkSettings network = components.config().network();
    Planner planner =
        new Planner(components.useCases().network().desired(), RendererFactory.standard());
    new AdminApi(
            components.useCases(),
            components.store(),
            planner,
            routerId -> serverDriver(network, routerId))
        .configure(
            sb,
            guarded(
                components,
                authentication,
                AdminApi::unauthenticated,
                AdminApi::unavailable,
                AdminApi::rateLimited));
    // The operator console: it signs its users in with its own cookie, so only the audit log
    // wraps it.
    new Console(
            components.useCases(),
            components.credentials(),
            planner,
            routerId -> serverDriver(network, routerId))
        .configure(
            sb, AuditDecorator.newDecorator(components.useCases().audit(), InstantSource.system()));
    // Before the network endpoint, whose route is the prefix /junction/v1/.
    WhoAmI.configure(
        sb,
        guarded(
            components,
            authentication,
            NetworkEndpoint::unauthenticated,
            NetworkEndpoint::unavailable,
            NetworkEndpoint::rateLimited));
    new NetworkEndpoint(components.useCases().network().view())
        .configure(
            sb,
            guarded(
                components,
                authentication,
                NetworkEndpoint::unauthenticated,
                NetworkEndpoint::unavailable,
                NetworkEndpoint::rateLimited));
    // Agents authenticate with their own credentials, and stay out of the audit log: they report
    // every few seconds, and an agent taking a router over is recorded as a network event.
    new AgentApi(
            components.useCases().network(),
            components.routerChanges(),
            network.agentSilence(),
            routerId -> network.driverOf(routerId).driver().equals("agent"))
        .configure(sb);
    // The APIs' documentation, public: /openapi/*.json and /docs.
    new ApiDocs(yandex.serviceDescriptors(), Version.current()).configure(sb);
    sb.service(
        "/healthz", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT, "ok\n"));
    sb.service(
        "/readyz",
        new Readiness(
                components.store(),
                components.worker(),
                components.localRouters(),
                components.config().observability().loopStaleAfter())
            .service());
    sb.service(
        "/metrics",
        components
            .metrics()
            .service(
                components.config().observability().metricsNeedOperator(),
                authentication.newDecorator(
                    NetworkEndpoint::unauthenticated, NetworkEndpoint::unavailable)));
    // Errors of the HTTP layer (refused paths, sizes, no route, wrong method) in the body of the
    // API whose path it is, and the last resort for a handler that let the store's absence
    // through: 503, never a 500.
    sb.errorHandler(new EdgeErrors());
    sb.childChannelPipelineCustomizer(pipeline -> pipeline.addFirst(new RequestTargets()));
    sb.decorator(new ContentTypes());
    sb.decorator(
        (delegate, ctx, req) -> {
          ctx.addAdditionalResponseHeader("x-request-id", ctx.id().text());
          return delegate.serve(ctx, req);
        });
    sb.maxRequestLength(components.config().limits().maxRequestBytes());
    // HTTP/2 lets up to 64 KiB of headers through so that HeaderLimit can answer a gRPC request
    // over 8 KiB with a gRPC status; every other request keeps the 8 KiB limit and its 431.
    sb.http2MaxHeaderListSize(HeaderLimit.TRANSPORT_BYTES);
    sb.decorator(new HeaderLimit());
    // Last, so outermost: sees every request end, whichever decorator answered it.
    sb.decorator(components.metrics().requests());
  }

  /** Returns the driver this server runs router {@code routerId} with, empty if an agent does. */
  private static Optional<String> serverDriver(NetworkSettings network, String routerId) {
    String driver = network.driverOf(routerId).driver();
    return driver.equals("agent") ? Optional.empty() : Optional.of(driver);
  }

  /**
   * Returns what every API service sits behind, from the outside in: the audit log (which also sees
   * refused requests), authentication, and the credential's rate limit.
   */
  private static Function<? super HttpService, ? extends HttpService> guarded(
      Components components,
      Authentication authentication,
      Authentication.Refusal unauthenticated,
      Authentication.Refusal unavailable,
      Authentication.Refusal rateLimited) {
    Function<? super HttpService, ? extends HttpService> authenticate =
        authentication.newDecorator(unauthenticated, unavailable);
    Function<? super HttpService, HttpService> limit =
        components.limiter().newDecorator(rateLimited);
    Function<? super HttpService, AuditDecorator> audit =
        AuditDecorator.newDecorator(components.useCases().audit(), InstantSource.system());
    return service -> audit.apply(authenticate.apply(limit.apply(service)));
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
    info.put("replica", components.replica());
    info.put("startedIn", ManagementFactory.getRuntimeMXBean().getUptime() + "ms");
    Path temp = dataDir.resolve(SERVER_FILE + ".tmp");
    Files.deleteIfExists(temp);
    DataDirectory.createPrivate(temp);
    try (OutputStream out = Files.newOutputStream(temp)) {
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out, info);
    }
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
    components.waiter().close();
    components.worker().close();
    components.localRouters().close();
    components.store().close();
    components.metrics().close();
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
