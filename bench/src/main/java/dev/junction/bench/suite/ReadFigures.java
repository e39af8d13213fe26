package dev.junction.bench.suite;

import dev.junction.bench.scale.ScaleDataDir;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * P1 reads: on one server holding 1,000 private connections, closed loops of {@value #CONCURRENCY}
 * concurrent requests for the run's duration, each figure against its unauthenticated no-op
 * baseline measured just before it in the same round. Authenticated calls carry the bootstrap
 * operator's token ({@code <data-dir>/admin-token}).
 */
final class ReadFigures {
  static final int CONCURRENCY = 50;

  private final Suite suite;

  ReadFigures(Suite suite) {
    this.suite = suite;
  }

  List<Row> run() throws Exception {
    Options options = suite.options();
    Row whoami =
        new Row(
                "P1 REST authenticated no-op (GET /junction/v1/whoami)",
                "GET /healthz",
                "x",
                ">= 0.8",
                v -> v >= 0.8)
            .absoluteUnit("req/s");
    Row restGet =
        new Row(
                "P1 REST authenticated GET /cic/v1/privateConnections/{id}",
                "GET /healthz",
                "x",
                ">= 0.6",
                v -> v >= 0.6)
            .absoluteUnit("req/s");
    Row grpcGet =
        new Row(
                "P1 gRPC authenticated PrivateConnectionService/Get",
                "grpc.health.v1.Health/Check",
                "x",
                ">= 0.6",
                v -> v >= 0.6)
            .absoluteUnit("req/s");
    ScaleDataDir data = suite.prepared(1_000);
    Path dir = suite.runDir("p1", Optional.of(data), "");
    suite.progress("P1: starting the server");
    try (Server server = suite.start("p1", dir, Server.Launch.JAR, List.of());
        Clients clients = new Clients(server, Clients.READ_CONNECTIONS)) {
      String folder = data.emptyTrunks().isEmpty() ? "" : "scale-folder-0000";
      String id =
          clients
              .json("/cic/v1/privateConnections?folderId=" + folder + "&pageSize=1")
              .path("privateConnections")
              .path(0)
              .path("id")
              .asText();
      if (id.isEmpty()) {
        throw new IllegalStateException("P1: the prepared store lists no private connection");
      }
      Load.Call healthz = clients.anonymousGet("/healthz");
      Load.Call whoamiCall = clients.get("/junction/v1/whoami");
      Load.Call getCall = clients.get("/cic/v1/privateConnections/" + id);
      Load.Call grpcCall = clients.grpcGet(id);
      Load.Call grpcHealth = clients.grpcHealth();
      int whoamiStatus = clients.getNow("/junction/v1/whoami").status().code();
      if (whoamiStatus == 404) {
        whoami.notApplicable("/junction/v1/whoami answers 404 on this server");
      }
      Optional<String> healthMissing = probe(grpcHealth);
      healthMissing.ifPresent(grpcGet::notApplicable);

      List<Load.Call> warmUp = new ArrayList<>(List.of(healthz, getCall, grpcCall));
      if (!whoami.isNotApplicable()) {
        warmUp.add(whoamiCall);
      }
      if (healthMissing.isEmpty()) {
        warmUp.add(grpcHealth);
      }
      // Each call until the JIT is done with its path, so that no round counts compiling as
      // the cost of a call (WarmUp).
      for (Load.Call call : warmUp) {
        WarmUp.Done warm =
            WarmUp.run(
                suite, server, duration -> Load.closed(call, CONCURRENCY, duration), () -> true);
        suite.progress("P1: a call warmed up in %s", warm);
        for (Row row : List.of(whoami, restGet, grpcGet)) {
          row.warmUp(warm);
        }
      }
      for (int round = 1; round <= options.rounds(); round++) {
        suite.progress("P1: round %d of %d", round, options.rounds());
        Measured baseline = measure(server, healthz, restGet);
        if (!whoami.isNotApplicable()) {
          ratio(whoami, measure(server, whoamiCall, whoami), baseline);
        }
        ratio(restGet, measure(server, getCall, restGet), baseline);
        if (!grpcGet.isNotApplicable()) {
          Measured grpcBaseline = measure(server, grpcHealth, grpcGet);
          ratio(grpcGet, measure(server, grpcCall, grpcGet), grpcBaseline);
        }
      }
    }
    return List.of(whoami, restGet, grpcGet);
  }

  /**
   * Returns why the unauthenticated baseline cannot be measured (the server does not serve it, or
   * not without a token), or empty if it answers.
   */
  private static Optional<String> probe(Load.Call call) {
    Load.Answer answer = call.start().join();
    if (answer.outcome() == Load.Outcome.REFUSED
        && (answer.detail().equals("gRPC " + Status.Code.UNIMPLEMENTED)
            || answer.detail().equals("gRPC " + Status.Code.UNAUTHENTICATED))) {
      return Optional.of(
          "grpc.health.v1.Health/Check is not served without a token here ("
              + answer.detail()
              + ")");
    }
    return Optional.empty();
  }

  /** A run's answers, and the server's CPU time per answer in microseconds (NaN if unknown). */
  private record Measured(Load.Result result, double serverCpuMicros) {}

  private Measured measure(Server server, Load.Call call, Row row) throws InterruptedException {
    OptionalLong before = server.cpuNanos();
    Load.Result result = Load.closed(call, CONCURRENCY, suite.options().duration());
    OptionalLong after = server.cpuNanos();
    if (!result.clean()) {
      row.errors(result.problems());
    }
    double cpu =
        before.isPresent() && after.isPresent() && result.ok() > 0
            ? (after.getAsLong() - before.getAsLong()) / 1e3 / result.ok()
            : Double.NaN;
    return new Measured(result, cpu);
  }

  private static void ratio(Row row, Measured figure, Measured baseline) {
    row.round(
        figure.result().perSecond() / baseline.result().perSecond(),
        figure.result().perSecond(),
        baseline.result().perSecond());
    if (!Double.isNaN(figure.serverCpuMicros()) && !Double.isNaN(baseline.serverCpuMicros())) {
      row.serverCpu(figure.serverCpuMicros(), baseline.serverCpuMicros());
    }
  }
}
