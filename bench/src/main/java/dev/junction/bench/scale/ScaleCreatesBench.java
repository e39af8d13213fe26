package dev.junction.bench.scale;

import dev.junction.bench.scale.Settling.Settled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Measures how the time of one create grows with the private connections already stored: the
 * packaged server with the simulated network, on a store prepared with N connections, for each N
 * asked for; the smallest N is the baseline, measured in the same run, and every figure is also
 * given as a ratio to it.
 *
 * <p>For each N it prepares (or reuses) a data directory ({@link ScaleDataDir}), starts the server
 * on a copy of it, waits until it has settled ({@link Settling}), then runs a few creates to warm
 * up, {@code rounds} rounds of {@code creates} creates one at a time (each timed from its request
 * to its operation done), and {@code rounds} bursts of many clients at once (creates done per
 * second). It stops the server, also on failure, and prints a table.
 *
 * <p>Usage: {@code ScaleCreatesBench --jar SERVER_JAR --work DIR [--sizes 1000,100000] [--rounds 3]
 * [--creates 20] [--warmup 10] [--clients 16] [--burst 10s] [--poll 5ms] [--burst-poll 20ms]
 * [--routers 3] [--heap 4g] [--quiet 10s] [--settle-timeout 60m] [--extra-config FILE] [--jfr]
 * [--fresh]}. {@code --extra-config} appends a YAML file to the configuration the server runs with,
 * for sections the generated one leaves out ({@code network}, {@code operations}), to try other
 * settings on the same data.
 */
public final class ScaleCreatesBench {
  private final Options options;
  private final AtomicReference<ServerProcess> running = new AtomicReference<>();

  private ScaleCreatesBench(Options options) {
    this.options = options;
  }

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    ScaleCreatesBench bench = new ScaleCreatesBench(options);
    Thread stopServer = new Thread(bench::stopServer, "stop-server");
    Runtime.getRuntime().addShutdownHook(stopServer);
    try {
      bench.run();
    } finally {
      bench.stopServer();
      Runtime.getRuntime().removeShutdownHook(stopServer);
    }
  }

  /** What was measured at one N. */
  private record Measured(
      int n,
      Duration startup,
      Settled settled,
      OptionalLong rssSettled,
      OptionalLong rssEnd,
      long databaseBytes,
      List<Spread> rounds,
      Spread allCreates,
      Spread accepted,
      Optional<Spread> applied,
      Optional<Spread> done,
      List<Double> burstRates,
      int storedAtEnd,
      long failures,
      String firstFailure) {}

  private void run() throws Exception {
    Files.createDirectories(options.work());
    Report.line(
        "scale-creates: sizes %s, %d routers, %d rounds of %d creates one at a time (poll %d ms),"
            + " %d bursts of %d clients x %d s (poll %d ms), server heap %s, %d cores, java %s",
        options.sizes(),
        options.routers(),
        options.rounds(),
        options.creates(),
        options.poll().toMillis(),
        options.rounds(),
        options.clients(),
        options.burst().toSeconds(),
        options.burstPoll().toMillis(),
        options.heap(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    if (options.extraConfig().isPresent()) {
      Report.line(
          "with this added to every configuration:\n%s",
          Files.readString(options.extraConfig().get()).strip());
    }
    List<ScaleDataDir> prepared = new ArrayList<>();
    for (int n : options.sizes()) {
      prepared.add(
          ScaleDataDir.prepare(
              options.work().resolve("data-" + n), n, options.routers(), options.fresh()));
    }
    List<Measured> results = new ArrayList<>();
    for (ScaleDataDir data : prepared) {
      results.add(measure(data));
    }
    print(results);
  }

  private Measured measure(ScaleDataDir data) throws Exception {
    int n = data.connections();
    Path runDir = data.copyTo(options.work().resolve("run-" + n));
    if (options.extraConfig().isPresent()) {
      Files.writeString(
          runDir.resolve(ScaleDataDir.CONFIG),
          Files.readString(options.extraConfig().get()),
          java.nio.file.StandardOpenOption.APPEND);
    }
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + options.heap()));
    if (options.jfr()) {
      jvm.add(
          "-XX:StartFlightRecording=filename="
              + runDir.resolve("server.jfr")
              + ",settings=profile,dumponexit=true");
    }
    Report.line("");
    Report.line("N=%,d: starting the server on %s", n, runDir);
    try (ServerProcess server =
        ServerProcess.start(
            options.jar(),
            runDir,
            runDir.resolve(ScaleDataDir.CONFIG),
            jvm,
            options.work().resolve("server.pid"),
            Duration.ofMinutes(10))) {
      running.set(server);
      Report.line(
          "N=%,d: listening after %.1f s (pid %d)",
          n, server.startup().toMillis() / 1e3, server.pid());
      JunctionClient client = new JunctionClient(server.httpPort(), server.token());
      Settled settled =
          new Settling(
                  client,
                  runDir.resolve(ScaleDataDir.DATABASE),
                  n,
                  options.quiet(),
                  Duration.ofSeconds(2))
              .await(options.settleTimeout());
      OptionalLong rssSettled = server.rss();
      Report.line(
          "N=%,d: caught up after %s, all sessions up after %s, quiet after %s; RSS %s",
          n,
          seconds(settled.caughtUp()),
          seconds(settled.up()),
          seconds(settled.quiet()),
          mib(rssSettled));
      if (settled.quiet().isEmpty()) {
        Report.line(
            "N=%,d: NOT SETTLED within %d min (%,d of %,d sessions established); measuring anyway",
            n, options.settleTimeout().toMinutes(), settled.established(), n);
      }

      CreateLoad load = new CreateLoad(client, data.emptyTrunks());
      load.oneAtATime(options.warmup(), options.poll());
      List<Spread> rounds = new ArrayList<>();
      List<Double> all = new ArrayList<>();
      List<Double> accepted = new ArrayList<>();
      List<Double> applied = new ArrayList<>();
      List<Double> done = new ArrayList<>();
      for (int r = 0; r < options.rounds(); r++) {
        List<CreateLoad.Single> singles = load.oneAtATime(options.creates(), options.poll());
        List<JunctionClient.Outcome> outcomes =
            singles.stream().map(CreateLoad.Single::outcome).toList();
        singles.forEach(
            single ->
                single
                    .breakdown()
                    .ifPresent(
                        b -> {
                          applied.add(b.appliedMillis());
                          done.add(b.doneMillis());
                        }));
        if (outcomes.isEmpty()) {
          throw new IllegalStateException("every create of a round failed: " + load.firstFailure());
        }
        List<Double> millis = outcomes.stream().map(o -> o.nanos() / 1e6).toList();
        Spread round = Spread.of(millis);
        rounds.add(round);
        all.addAll(millis);
        outcomes.forEach(o -> accepted.add(o.acceptedNanos() / 1e6));
        Report.line(
            "N=%,d: one at a time, round %d: min %.1f ms, median %.1f ms, max %.1f ms (%d creates)",
            n, r + 1, round.min(), round.median(), round.max(), round.count());
      }
      List<Double> rates = new ArrayList<>();
      for (int r = 0; r < options.rounds(); r++) {
        Thread.sleep(2_000);
        double rate = load.burst(options.clients(), options.burst(), options.burstPoll());
        rates.add(rate);
        Report.line(
            "N=%,d: burst %d: %.1f creates/s (%d clients, %d s)",
            n, r + 1, rate, options.clients(), options.burst().toSeconds());
      }
      OptionalLong rssEnd = server.rss();
      long databaseBytes = Files.size(runDir.resolve(ScaleDataDir.DATABASE));
      return new Measured(
          n,
          server.startup(),
          settled,
          rssSettled,
          rssEnd,
          databaseBytes,
          rounds,
          Spread.of(all),
          Spread.of(accepted),
          applied.isEmpty() ? Optional.empty() : Optional.of(Spread.of(applied)),
          done.isEmpty() ? Optional.empty() : Optional.of(Spread.of(done)),
          rates,
          n + load.started(),
          load.failures(),
          load.firstFailure());
    } finally {
      // The server is stopped by now (the shutdown hook could stop it until then).
      running.set(null);
      // The server's log (and recording) stay; the copy of the database goes.
      try (Stream<Path> files = Files.list(runDir)) {
        for (Path file : files.toList()) {
          if (file.getFileName().toString().startsWith(ScaleDataDir.DATABASE)) {
            Files.deleteIfExists(file);
          }
        }
      }
    }
  }

  private void print(List<Measured> results) {
    Measured base = results.get(0);
    double baseMedian = Spread.of(medians(base)).median();
    double baseRate = Spread.of(base.burstRates()).median();
    Report.line("");
    Report.line(
        "Creates one at a time: POST /cic/v1/privateConnections to operation done, ms;"
            + " %d rounds of %d (after %d to warm up); baseline N=%,d",
        options.rounds(), options.creates(), options.warmup(), base.n());
    Report.line(
        "%12s  %-28s  %-28s  %s",
        "N", "round medians min/med/max", "all creates min/med/max", "ratio");
    for (Measured m : results) {
      Spread medians = Spread.of(medians(m));
      Report.line(
          "%,12d  %-28s  %-28s  %.2f",
          m.n(), triple(medians), triple(m.allCreates()), medians.median() / baseMedian);
    }
    Report.line("(ratio: of the median of round medians to the baseline's)");
    Report.line("");
    Report.line(
        "Where a create's time went, medians in ms: the POST answered (client's clock); by the"
            + " server's clock from the operation's createdAt, the router's report that it applied"
            + " the connection, and the operation done");
    Report.line("%12s  %14s  %14s  %14s", "N", "POST answered", "router applied", "operation done");
    for (Measured m : results) {
      Report.line(
          "%,12d  %14.1f  %14s  %14s",
          m.n(),
          m.accepted().median(),
          m.applied().map(s -> String.format(Locale.ROOT, "%.1f", s.median())).orElse("n/a"),
          m.done().map(s -> String.format(Locale.ROOT, "%.1f", s.median())).orElse("n/a"));
    }
    Report.line("");
    Report.line(
        "Bursts: %d clients for %d s, each creating and waiting for done; creates/s; %d rounds",
        options.clients(), options.burst().toSeconds(), options.rounds());
    Report.line(
        "%12s  %-30s  %s", "N", "creates/s min/median/max", "ratio (above 1: more creates/s)");
    for (Measured m : results) {
      Spread rates = Spread.of(m.burstRates());
      Report.line("%,12d  %-30s  %.2f", m.n(), triple(rates), rates.median() / baseRate);
    }
    Report.line("");
    Report.line("The server (heap %s), from its start:", options.heap());
    Report.line(
        "%12s  %9s  %10s  %9s  %9s  %12s  %12s  %10s  %s",
        "N",
        "listening",
        "caught up",
        "all up",
        "quiet",
        "RSS settled",
        "RSS at end",
        "database",
        "failed creates");
    for (Measured m : results) {
      Report.line(
          "%,12d  %9s  %10s  %9s  %9s  %12s  %12s  %10s  %d%s",
          m.n(),
          String.format(Locale.ROOT, "%.1f s", m.startup().toMillis() / 1e3),
          seconds(m.settled().caughtUp()),
          seconds(m.settled().up()),
          seconds(m.settled().quiet()),
          mib(m.rssSettled()),
          mib(m.rssEnd()),
          (m.databaseBytes() >> 20) + " MiB",
          m.failures(),
          m.failures() > 0 ? " (first: " + m.firstFailure() + ")" : "");
    }
    Report.line(
        "(stored connections at the end of each N, with the creates: %s)",
        results.stream().map(m -> String.format(Locale.ROOT, "%,d", m.storedAtEnd())).toList());
  }

  private static List<Double> medians(Measured m) {
    return m.rounds().stream().map(Spread::median).toList();
  }

  private static String triple(Spread s) {
    return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", s.min(), s.median(), s.max());
  }

  private static String seconds(Optional<Duration> d) {
    return d.map(x -> String.format(Locale.ROOT, "%.1f s", x.toMillis() / 1e3)).orElse("never");
  }

  private static String mib(OptionalLong bytes) {
    return bytes.isPresent() ? (bytes.getAsLong() >> 20) + " MiB" : "n/a";
  }

  private void stopServer() {
    ServerProcess server = running.getAndSet(null);
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        Report.progress("could not clean up after the server: %s", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The benchmark's arguments. */
  private record Options(
      Path jar,
      Path work,
      List<Integer> sizes,
      int rounds,
      int creates,
      int warmup,
      int clients,
      Duration burst,
      Duration poll,
      Duration burstPoll,
      int routers,
      String heap,
      Duration quiet,
      Duration settleTimeout,
      Optional<Path> extraConfig,
      boolean jfr,
      boolean fresh) {

    private static final java.util.Set<String> NAMES =
        java.util.Set.of(
            "jar",
            "work",
            "sizes",
            "rounds",
            "creates",
            "warmup",
            "clients",
            "burst",
            "poll",
            "burst-poll",
            "routers",
            "heap",
            "quiet",
            "settle-timeout",
            "extra-config");

    static Options parse(String[] args) {
      java.util.Map<String, String> given = new java.util.HashMap<>();
      boolean jfr = false;
      boolean fresh = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--jfr" -> jfr = true;
          case "--fresh" -> fresh = true;
          default -> {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
              throw new IllegalArgumentException(
                  "argument " + args[i] + " (expected: --name value, --jfr or --fresh)");
            }
            String name = args[i].substring(2);
            if (!NAMES.contains(name)) {
              throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
            given.put(name, args[++i]);
          }
        }
      }
      List<Integer> sizes =
          Arrays.stream(given.getOrDefault("sizes", "1000,100000").split(","))
              .map(String::trim)
              .map(s -> Integer.parseInt(s.replace("_", "")))
              .toList();
      Options options =
          new Options(
              Path.of(required(given, "jar")),
              Path.of(required(given, "work")),
              sizes,
              Integer.parseInt(given.getOrDefault("rounds", "3")),
              Integer.parseInt(given.getOrDefault("creates", "20")),
              Integer.parseInt(given.getOrDefault("warmup", "10")),
              Integer.parseInt(given.getOrDefault("clients", "16")),
              duration(given.getOrDefault("burst", "10s")),
              duration(given.getOrDefault("poll", "5ms")),
              duration(given.getOrDefault("burst-poll", "20ms")),
              Integer.parseInt(given.getOrDefault("routers", "3")),
              given.getOrDefault("heap", "4g"),
              duration(given.getOrDefault("quiet", "10s")),
              duration(given.getOrDefault("settle-timeout", "60m")),
              Optional.ofNullable(given.get("extra-config")).map(Path::of),
              jfr,
              fresh);
      if (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 1) || options.rounds() < 3) {
        throw new IllegalArgumentException(
            "sizes: "
                + sizes
                + ", rounds: "
                + options.rounds()
                + " (expected: N >= 1, >= 3 rounds)");
      }
      if (options.routers() < 1 || options.creates() < 1 || options.clients() < 1) {
        throw new IllegalArgumentException("routers, creates and clients must be at least 1");
      }
      return options;
    }

    private static String required(java.util.Map<String, String> given, String name) {
      String value = given.get(name);
      if (value == null) {
        throw new IllegalArgumentException("--" + name + " is required");
      }
      return value;
    }

    /** Reads a duration written as a number and a unit: ms, s or m. */
    private static Duration duration(String text) {
      String t = text.trim();
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      throw new IllegalArgumentException("duration: " + text + " (expected e.g. 5ms, 10s, 60m)");
    }
  }
}
