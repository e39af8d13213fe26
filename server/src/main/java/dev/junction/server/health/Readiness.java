package dev.junction.server.health;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import dev.junction.core.operation.OperationWorker;
import dev.junction.core.store.StoreUnavailable;
import dev.junction.network.agent.LocalRouters;
import dev.junction.store.JdbcStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /readyz}: 200 while this replica can serve, 503 naming each check that failed. The checks:
 * the database answers ({@code store}), its schema holds every migration of this build ({@code
 * migrations}), and the operation worker and the network supervisor run and have begun a pass
 * lately ({@code worker}, {@code network}). The answer is plain text: a first line {@code ready} or
 * {@code not ready: <checks>}, then one line per check. The checks run off the event loop; the
 * store's wait at most its connection timeout.
 */
public final class Readiness {
  private static final Logger log = LoggerFactory.getLogger(Readiness.class);

  private final JdbcStore store;
  private final OperationWorker worker;
  private final LocalRouters network;
  private final Duration staleAfter;

  /**
   * @param staleAfter how long a loop may go without beginning a pass, beyond its own longest
   *     sleep, before the replica is not ready
   */
  public Readiness(
      JdbcStore store, OperationWorker worker, LocalRouters network, Duration staleAfter) {
    this.store = requireNonNull(store, "store");
    this.worker = requireNonNull(worker, "worker");
    this.network = requireNonNull(network, "network");
    this.staleAfter = requireNonNull(staleAfter, "staleAfter");
  }

  /** Returns the service answering {@code /readyz}. */
  public HttpService service() {
    return (ctx, req) ->
        HttpResponse.of(CompletableFuture.supplyAsync(this::answer, ctx.blockingTaskExecutor()));
  }

  private HttpResponse answer() {
    Map<String, String> failed = check();
    StringBuilder body = new StringBuilder();
    body.append(failed.isEmpty() ? "ready" : "not ready: " + String.join(", ", failed.keySet()));
    body.append('\n');
    for (String name : List.of("store", "migrations", "worker", "network")) {
      body.append(name).append(": ").append(failed.getOrDefault(name, "ok")).append('\n');
    }
    return HttpResponse.of(
        failed.isEmpty() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE,
        MediaType.PLAIN_TEXT_UTF_8,
        body.toString());
  }

  /** Returns the checks that failed, each with why, in the order they are listed. */
  Map<String, String> check() {
    Map<String, String> failed = new LinkedHashMap<>();
    boolean reachable = false;
    try {
      store.ping();
      reachable = true;
    } catch (StoreUnavailable e) {
      failed.put("store", StoreUnavailable.MESSAGE);
    } catch (RuntimeException e) {
      // A probe answers whatever happens: the cause goes to the log, never on the wire.
      log.warn("The readiness check of the store failed", e);
      failed.put("store", "the database could not be asked (see the server log)");
    }
    if (!reachable) {
      failed.put("migrations", "unknown: the database could not be asked");
    } else if (!store.migrationsApplied()) {
      failed.put(
          "migrations",
          "the database's schema lacks migrations of this build (another replica's older"
              + " schema, or a failed migration): restart to apply them");
    }
    if (!worker.alive(staleAfter)) {
      failed.put(
          "worker",
          "the operation worker is stopped or has not begun a pass for over "
              + staleAfter.toSeconds()
              + " s beyond its poll interval");
    }
    if (!network.alive(staleAfter)) {
      failed.put(
          "network",
          "the network supervisor is stopped or has not begun a round for over "
              + staleAfter.toSeconds()
              + " s beyond its retry interval");
    }
    return failed;
  }
}
