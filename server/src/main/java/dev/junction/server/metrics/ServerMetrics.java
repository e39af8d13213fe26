package dev.junction.server.metrics;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import dev.junction.core.access.Identity;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationWorker;
import dev.junction.core.problem.Problem;
import dev.junction.network.agent.AgentObserver;
import dev.junction.server.auth.RequestIdentity;
import dev.junction.server.network.JsonError;
import dev.junction.store.JdbcStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one server process, in a registry of its own (never the global one), and {@code
 * /metrics}, which writes them in the Prometheus text format. The core, the store and the network
 * know nothing of Micrometer: the server listens to the hooks they offer (a finished operation, a
 * batch of writes, an agent's pass) and reads the store's figures when scraped. Every label comes
 * from a bounded set: dialects, routes, status codes, resource types, verbs, problem kinds and the
 * routers of the operator's catalogue; never a tenant's string or a secret. docs/metrics.md lists
 * every metric.
 */
public final class ServerMetrics implements AutoCloseable {
  /** The Prometheus text format's content type. */
  static final MediaType PROMETHEUS_TEXT =
      MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final StoreGauges storeGauges;

  private ServerMetrics(
      PrometheusMeterRegistry registry, JvmGcMetrics gc, StoreGauges storeGauges) {
    this.registry = registry;
    this.gc = gc;
    this.storeGauges = storeGauges;
  }

  /**
   * Returns the meters of a server over {@code store}, with the JVM's, the store's pools and
   * batches, and the figures read from the store on every scrape (operations, sessions, agents).
   */
  public static ServerMetrics over(JdbcStore store, InstantSource clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    bindPools(registry, store);
    bindBatches(registry, store);
    return new ServerMetrics(registry, gc, new StoreGauges(store, clock, registry));
  }

  private static void bindPools(MeterRegistry registry, JdbcStore store) {
    pool(registry, store, "active", "Connections lent out", JdbcStore.PoolUsage::active);
    pool(registry, store, "idle", "Connections open and free", JdbcStore.PoolUsage::idle);
    pool(registry, store, "max", "The most connections the pool opens", JdbcStore.PoolUsage::max);
    pool(
        registry,
        store,
        "pending",
        "Callers waiting for a connection",
        JdbcStore.PoolUsage::waiting);
  }

  private static void pool(
      MeterRegistry registry,
      JdbcStore store,
      String figure,
      String description,
      ToDoubleFunction<JdbcStore.PoolUsage> value) {
    for (JdbcStore.PoolUsage usage : store.pools()) {
      String name = usage.pool();
      Gauge.builder(
              "junction.store.pool.connections." + figure,
              store,
              s ->
                  s.pools().stream()
                      .filter(p -> p.pool().equals(name))
                      .mapToDouble(value)
                      .findFirst()
                      .orElse(Double.NaN))
          .description(description)
          .tag("pool", name)
          .register(registry);
    }
  }

  private static void bindBatches(MeterRegistry registry, JdbcStore store) {
    Timer commits =
        Timer.builder("junction.store.commit")
            .description(
                "Write transactions (group-commit batches), from first statement to commit")
            .serviceLevelObjectives(
                Duration.ofMillis(1),
                Duration.ofMillis(2),
                Duration.ofMillis(5),
                Duration.ofMillis(10),
                Duration.ofMillis(25),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofMillis(250),
                Duration.ofSeconds(1))
            .register(registry);
    DistributionSummary sizes =
        DistributionSummary.builder("junction.store.batch.size")
            .description("Writes carried by one commit")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
            .register(registry);
    store.onBatch(
        (works, nanos) -> {
          commits.record(nanos, TimeUnit.NANOSECONDS);
          sizes.record(works);
        });
  }

  /** Counts the operations {@code worker} finishes: their latency, and failures by reason. */
  public void observe(OperationWorker worker) {
    worker.onFinished(this::finished);
  }

  private void finished(Operation operation) {
    String type = operation.resourceType().name().toLowerCase(Locale.ROOT);
    String verb = operation.verb().name().toLowerCase(Locale.ROOT);
    String outcome =
        operation.error().isEmpty()
            ? "succeeded"
            : operation.error().get() instanceof Problem.Cancelled ? "cancelled" : "failed";
    Timer.builder("junction.operations.completion")
        .description("Operations finished, from creation to done, by resource type, verb, outcome")
        .tag("type", type)
        .tag("verb", verb)
        .tag("outcome", outcome)
        .serviceLevelObjectives(
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15))
        .register(registry)
        .record(Duration.between(operation.createdAt(), operation.modifiedAt()));
    operation
        .error()
        .ifPresent(
            problem ->
                Counter.builder("junction.operations.failures")
                    .description("Operations finished with an error, by the kind of problem")
                    .tag("type", type)
                    .tag("verb", verb)
                    .tag("reason", reason(problem))
                    .register(registry)
                    .increment());
  }

  /** Returns the kind of {@code problem} in UPPER_SNAKE ({@code FAILED_PRECONDITION}). */
  static String reason(Problem problem) {
    String name = problem.getClass().getSimpleName();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        out.append('_');
      }
      out.append(Character.toUpperCase(c));
    }
    return out.toString();
  }

  /** Returns what the agents this server runs tell of their passes and applies. */
  public AgentObserver agents() {
    return new AgentMeters(registry);
  }

  /** Returns the decorator that counts every request and writes its log line. */
  public DecoratingHttpServiceFunction requests() {
    return new RequestObserver(registry);
  }

  /**
   * Returns {@code /metrics}: open to whoever reaches the port, or, if {@code operatorOnly}, only
   * to the operator's credential, as {@code authenticate} checks it (401 without one, 403 with a
   * tenant's).
   */
  public HttpService service(
      boolean operatorOnly, Function<? super HttpService, ? extends HttpService> authenticate) {
    HttpService exposition = exposition();
    if (!operatorOnly) {
      return exposition;
    }
    HttpService operator =
        (ctx, req) -> {
          Identity identity = RequestIdentity.of(ctx);
          if (identity == null || !identity.access().operator()) {
            return JsonError.of(
                HttpStatus.FORBIDDEN,
                "PERMISSION_DENIED",
                "reading /metrics needs the operator's token");
          }
          return exposition.serve(ctx, req);
        };
    return operator.decorate(authenticate);
  }

  /** Returns what writes every meter: reads the store's figures first, off the event loop. */
  private HttpService exposition() {
    return (ctx, req) ->
        HttpResponse.of(
            CompletableFuture.supplyAsync(
                () -> {
                  storeGauges.refresh();
                  return HttpResponse.of(HttpStatus.OK, PROMETHEUS_TEXT, registry.scrape());
                },
                ctx.blockingTaskExecutor()));
  }

  /** Returns the registry, for tests and for meters of other parts of the server. */
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    storeGauges.close();
    gc.close();
    registry.close();
  }
}
