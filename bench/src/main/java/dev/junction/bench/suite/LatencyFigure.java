package dev.junction.bench.suite;

import dev.junction.bench.scale.ScaleDataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * P3 latency: {@value #RATE} creates a second in an open loop for 60 s ({@value #SMOKE_RATE} a
 * second for the run's duration under {@code --smoke}), on a server whose simulated routers apply a
 * change at once ({@code network.simulated.applyDelay: 0ms}, and no link or BGP delay), so that the
 * router's own apply time is zero and all of a create's time to done is Junction's. For each create
 * its time is taken by the server's clock, from its operation's {@code createdAt} to its {@code
 * modifiedAt} once done (read after the run, so the reading does not load the server during it).
 * The figure is the p50 and p99 over each round's creates; the targets are absolute.
 */
final class LatencyFigure {
  static final int RATE = 100;

  /** The rate under {@code --smoke}, which checks only that the figure runs. */
  static final int SMOKE_RATE = 20;

  private final Suite suite;

  LatencyFigure(Suite suite) {
    this.suite = suite;
  }

  List<Row> run() throws Exception {
    Options options = suite.options();
    int rate = options.smoke() ? SMOKE_RATE : RATE;
    Row p50 =
        new Row(
            "P3 create to done beyond the router, p50 (" + rate + "/s open loop)",
            "- (absolute; router apply 0 ms)",
            "ms",
            "<= 20 ms",
            v -> v <= 20);
    Row p99 =
        new Row(
            "P3 create to done beyond the router, p99 (" + rate + "/s open loop)",
            "- (absolute; router apply 0 ms)",
            "ms",
            "<= 100 ms",
            v -> v <= 100);
    ScaleDataDir data = suite.prepared(1_000);
    Duration duration = options.latencyDuration();
    for (int round = 1; round <= options.rounds(); round++) {
      suite.progress(
          "P3: round %d of %d (%d s at %d/s)", round, options.rounds(), duration.toSeconds(), rate);
      Path dir = suite.runDir("p3", Optional.of(data), Suite.NO_DELAYS);
      try (Server server = suite.start("p3", dir, Server.Launch.JAR, List.of());
          Clients clients = new Clients(server)) {
        Creates creates = new Creates(clients, data.emptyTrunks());
        // A warm-up at the same rate, not counted: the first second of a fresh JVM (classes
        // loading, code not yet compiled) put about 90 creates of 6,000 past 100 ms.
        Load.open(creates.call(), rate, Suite.warmUp(options));
        creates.takeOperations();
        Load.Result result = Load.open(creates.call(), rate, duration);
        Creates.Done done = creates.awaitDone(creates.takeOperations(), Duration.ofMinutes(3));
        if (!result.clean()) {
          p50.errors(result.problems());
          p99.errors(result.problems());
        }
        if (done.failed() > 0 || done.unfinished() > 0) {
          String what =
              done.failed()
                  + " operations failed, "
                  + done.unfinished()
                  + " not done after 3 min (first: "
                  + done.firstFailure()
                  + ")";
          p50.errors(what);
          p99.errors(what);
        }
        writeLatencies(dir.resolve("latencies.csv"), done);
        p50.round(Creates.quantile(done.millis(), 0.50));
        p99.round(Creates.quantile(done.millis(), 0.99));
        suite.progress(
            "P3: %d creates acknowledged, acknowledgement p50 %.1f ms p99 %.1f ms",
            result.ok(), result.p50Millis(), result.p99Millis());
      }
    }
    return List.of(p50, p99);
  }

  /**
   * Keeps each create's time to done beside the server's log, in the order they were created, to
   * see whether the slow ones come together (a pause) or spread (a path that some take).
   */
  private static void writeLatencies(Path file, Creates.Done done) throws IOException {
    StringBuilder csv = new StringBuilder("created_at,millis\n");
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < done.created().size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(done.created()::get));
    for (int i : order) {
      csv.append(done.created().get(i)).append(',').append(done.millis().get(i)).append('\n');
    }
    Files.writeString(file, csv);
  }
}
