package dev.junction.server.metrics;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.access.Identity;
import dev.junction.server.auth.RequestIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Sees every request end: counts it with its latency in {@code junction.requests} (by dialect,
 * method and result), and writes one line for it to the {@code junction.requests} log with the
 * request id, the principal and tenant, the method, the status and the duration. Probes ({@code
 * /healthz}, {@code /readyz}, {@code /metrics}) are counted and logged at DEBUG only. Nothing of
 * the request's headers or body is logged: no secret can get in.
 */
public final class RequestObserver implements DecoratingHttpServiceFunction {
  /** The logger of the request lines, so that operators can route or silence them. */
  public static final String LOGGER = "junction.requests";

  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final MeterRegistry registry;

  /**
   * The timer of each set of labels, made once: building and registering one per request cost a
   * tenth of the event loop's samples with the log line (docs/performance.md, "P1: a warm profile
   * of the three paths"). The labels come from bounded sets, so this map is bounded too.
   */
  private final Map<Labels, Timer> timers = new ConcurrentHashMap<>();

  private record Labels(String dialect, String method, String result) {}

  RequestObserver(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    ctx.log().whenComplete().thenAccept(done -> observe(ctx, done));
    return delegate.serve(ctx, req);
  }

  private void observe(ServiceRequestContext ctx, RequestLog done) {
    RequestKind kind = RequestKind.of(ctx, done);
    long nanos = done.totalDurationNanos();
    timer(kind).record(nanos, TimeUnit.NANOSECONDS);
    Level level = probe(ctx.path()) ? Level.DEBUG : Level.INFO;
    if (!log.isEnabledForLevel(level)) {
      return;
    }
    Identity identity = RequestIdentity.of(ctx);
    String principal = identity == null ? "anonymous" : identity.principal().id();
    String tenant = identity == null ? "" : identity.principal().tenantId();
    String requestId = ctx.id().text();
    // Milliseconds to one decimal, rounded half up, as String.format("%.1f") wrote them; the
    // message is written here whole, so that the logger has no pattern to fill in.
    long tenths = (Math.max(0, nanos) + 50_000) / 100_000;
    StringBuilder message =
        new StringBuilder(
            kind.dialect().length() + kind.method().length() + requestId.length() + 96);
    message
        .append(kind.dialect())
        .append(' ')
        .append(kind.method())
        .append(' ')
        .append(kind.grpc() ? kind.result() : Integer.toString(kind.status()))
        .append(' ')
        .append(tenths / 10)
        .append('.')
        .append(tenths % 10)
        .append(" ms request=")
        .append(requestId)
        .append(" principal=")
        .append(principal)
        .append(" tenant=")
        .append(tenant.isEmpty() ? "-" : tenant);
    log.atLevel(level)
        .addKeyValue("requestId", requestId)
        .addKeyValue("principal", principal)
        .addKeyValue("tenant", tenant)
        .addKeyValue("dialect", kind.dialect())
        .addKeyValue("method", kind.method())
        .addKeyValue("status", kind.status())
        .addKeyValue("result", kind.result())
        .addKeyValue("durationMs", tenths / 10.0)
        .setMessage(message.toString())
        .log();
  }

  /** Returns the timer of {@code kind}'s labels, registering it on first use. */
  private Timer timer(RequestKind kind) {
    Labels labels = new Labels(kind.dialect(), kind.method(), kind.result());
    Timer timer = timers.get(labels);
    if (timer != null) {
      return timer;
    }
    return timers.computeIfAbsent(
        labels,
        key ->
            Timer.builder("junction.requests")
                .description("Requests served, by dialect, method and result, with their latency")
                .tag("dialect", key.dialect())
                .tag("method", key.method())
                .tag("result", key.result())
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
  }

  private static boolean probe(String path) {
    return path.equals("/healthz") || path.equals("/readyz") || path.equals("/metrics");
  }
}
