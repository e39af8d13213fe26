package dev.junction.bench.cost;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.logging.RequestLogBuilder;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.server.metrics.ServerMetrics;
import dev.junction.store.JdbcStore;
import dev.junction.store.SecretCipher;
import dev.junction.store.SqliteStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;

/**
 * The CPU time the server's request observer (the {@code junction.requests} metric and log line)
 * adds to one request that ends: a request context and its log made and completed with the
 * observer, less the same without it, as this thread's CPU time. Run by {@code
 * bench/read-pieces.sh} with the server's logging configuration and its output sent nowhere; only
 * public API is used, so a build from before a change runs it too.
 */
public final class RequestLineCost {
  private static final HttpService ANSWER = (ctx, req) -> HttpResponse.of(HttpStatus.OK);

  private RequestLineCost() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("request-line-cost");
    SecretCipher cipher = SecretCipher.of("k1", Map.of("k1", new byte[32]));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int requests = 50_000;
    try (JdbcStore store = SqliteStore.open(dir.resolve("junction.db"), cipher);
        ServerMetrics metrics = ServerMetrics.over(store, InstantSource.system())) {
      DecoratingHttpServiceFunction observer = metrics.requests();
      double bare = Double.MAX_VALUE;
      double observed = Double.MAX_VALUE;
      for (int round = 0; round < 9; round++) {
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < requests; i++) {
          request(null);
        }
        bare = Math.min(bare, (threads.getCurrentThreadCpuTime() - start) / 1_000.0 / requests);
        start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < requests; i++) {
          request(observer);
        }
        observed =
            Math.min(observed, (threads.getCurrentThreadCpuTime() - start) / 1_000.0 / requests);
      }
      // On standard error: standard output carries the log lines, sent nowhere by the script.
      System.err.printf(
          "request observer (metric and log line) of one request: %.2f us CPU"
              + " (%.2f us with it, %.2f us without; best of 9 x %d)%n",
          observed - bare, observed, bare, requests);
    }
  }

  private static void request(DecoratingHttpServiceFunction observer) throws Exception {
    ServiceRequestContext ctx =
        ServiceRequestContext.of(HttpRequest.of(HttpMethod.GET, "/junction/v1/whoami"));
    if (observer == null) {
      ANSWER.serve(ctx, ctx.request());
    } else {
      observer.serve(ANSWER, ctx, ctx.request());
    }
    RequestLogBuilder log = ctx.logBuilder();
    log.endRequest();
    log.responseHeaders(ResponseHeaders.of(HttpStatus.OK));
    log.endResponse();
  }
}
