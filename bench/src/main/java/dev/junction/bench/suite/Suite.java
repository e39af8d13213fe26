package dev.junction.bench.suite;

import dev.junction.bench.scale.ScaleDataDir;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark suite of {@code bench/run.sh}: runs each figure (P1 reads, P2 durable writes, P3
 * latency, P6 scale, P7 start, and the JMH benchmarks of the hot pure functions) for a number of
 * rounds against a baseline measured in the same run, and prints one table. {@code
 * docs/performance.md} defines each figure. Everything it writes is under its work directory
 * ({@code bench/target/suite}); every server it starts it also stops.
 */
public final class Suite {
  /** The routers of the prepared stores; the measured creates go round-robin over them. */
  static final int ROUTERS = 3;

  private final Options options;
  private final Path pids;
  private final List<Path> recordings = new ArrayList<>();
  private final AtomicInteger runs = new AtomicInteger();
  private final PrintStream log;

  private Suite(Options options, PrintStream log) throws IOException {
    this.options = options;
    this.log = log;
    Files.createDirectories(options.work());
    this.pids = options.work().resolve("servers.pid");
  }

  /** Runs the suite; see {@link Options} for the arguments. Exits 1 when a figure had errors. */
  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    List<Row> rows = run(options, System.err);
    System.out.print(Table.text(rows));
    System.exit(rows.stream().anyMatch(Row::hasErrors) ? 1 : 0);
  }

  /** Runs every figure {@code options} asks for and returns the table's rows. */
  public static List<Row> run(Options options, PrintStream log) throws Exception {
    Suite suite = new Suite(options, log);
    List<Row> rows = new ArrayList<>();
    suite.progress(
        "measuring %s (rounds %d, %d s runs%s)",
        options.target(),
        options.rounds(),
        options.duration().toSeconds(),
        options.smoke() ? ", smoke" : "");
    List<Figures> figures =
        List.of(
            new Figures("p1", () -> new ReadFigures(suite).run()),
            new Figures("p2", () -> new WriteFigures(suite).run()),
            new Figures("p3", () -> new LatencyFigure(suite).run()),
            new Figures("p6", () -> new ScaleFigures(suite).run()),
            new Figures("p7", () -> new StartFigures(suite).run()),
            new Figures("jmh", () -> new MicroFigures(suite).run()));
    for (Figures group : figures) {
      if (options.runs(group.name())) {
        rows.addAll(group.run().call());
        // The table so far, should a long run be stopped before its end.
        suite.progress("the table so far:%n%s", Table.text(rows));
      }
    }
    if (!suite.recordings.isEmpty()) {
      suite.progress("JFR recordings of the servers:");
      suite.recordings.forEach(path -> suite.progress("  %s", path));
    }
    if (options.out().isPresent()) {
      Path out = options.out().get();
      String machine =
          String.format(
              Locale.ROOT,
              "Measured with `bench/run.sh` on %d cores, %s %s, JDK %s; target %s.%n%n",
              Runtime.getRuntime().availableProcessors(),
              System.getProperty("os.name"),
              System.getProperty("os.arch"),
              System.getProperty("java.version"),
              options.target().getFileName());
      Files.writeString(out, machine + Table.markdown(rows), StandardCharsets.UTF_8);
      suite.progress("table written to %s", out);
    }
    return rows;
  }

  /** One group of figures, by the name {@code --only} knows it by. */
  private record Figures(String name, java.util.concurrent.Callable<List<Row>> run) {}

  Options options() {
    return options;
  }

  void progress(String format, Object... args) {
    log.println("bench: " + String.format(Locale.ROOT, format, args));
    log.flush();
  }

  /** Empty trunks per router of the store P2 writes to: 4,094 creates each. */
  static final int EMPTY_TRUNKS_FOR_WRITES = 10;

  /** Returns the store prepared with {@code n} connections (made once, then reused). */
  ScaleDataDir prepared(int n) throws IOException {
    return ScaleDataDir.prepare(options.work().resolve("data-" + n), n, ROUTERS, false);
  }

  /**
   * Returns the store prepared with 1,000 connections whose routers have {@value
   * #EMPTY_TRUNKS_FOR_WRITES} empty trunks each instead of the usual ones: room for P2's creates at
   * saturation through a warm-up until the JIT is done (WarmUp) and a measured run.
   */
  ScaleDataDir preparedForWrites() throws IOException {
    return ScaleDataDir.prepare(
        options.work().resolve("data-1000-writes"), 1_000, ROUTERS, EMPTY_TRUNKS_FOR_WRITES, false);
  }

  /**
   * Returns a new data directory for one server run named {@code name}: a copy of {@code data} when
   * given, with {@code extraConfig} added to its configuration.
   */
  Path runDir(String name, Optional<ScaleDataDir> data, String extraConfig) throws IOException {
    Path dir = options.work().resolve("runs").resolve(name);
    if (data.isPresent()) {
      data.get().copyTo(dir);
    } else {
      ScaleDataDir.deleteTree(dir);
      Files.createDirectories(dir);
    }
    if (!extraConfig.isEmpty()) {
      Files.writeString(
          dir.resolve(ScaleDataDir.CONFIG),
          "\n" + extraConfig,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    return dir;
  }

  /** Starts the target's server on {@code dir}, recording JFR into the work directory if asked. */
  Server start(String name, Path dir, Server.Launch launch, List<String> jvm)
      throws IOException, InterruptedException {
    Optional<Path> jfr = Optional.empty();
    if (options.jfr()) {
      Path file =
          options.work().resolve("jfr").resolve(name + "-" + runs.incrementAndGet() + ".jfr");
      Files.createDirectories(file.getParent());
      recordings.add(file);
      jfr = Optional.of(file);
    }
    Path config = dir.resolve(ScaleDataDir.CONFIG);
    return Server.start(
        options.target(),
        launch,
        dir,
        Files.exists(config) ? Optional.of(config) : Optional.empty(),
        jvm,
        jfr,
        pids);
  }

  /** Returns how long a load runs unmeasured first, so the server's JIT has compiled its path. */
  static java.time.Duration warmUp(Options options) {
    return java.time.Duration.ofSeconds(options.smoke() ? 1 : 3);
  }

  /** The simulated network without delays: a router applies a change at once (P2, P3, P6). */
  static final String NO_DELAYS =
      """
      network:
        simulated:
          applyDelay: 0ms
          linkUpDelay: 0ms
          bgpEstablishDelay: 0ms
      """;
}
