package dev.junction.bench.suite;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH benchmarks of the hot pure functions (rendering, JSON mapping, validation), each method
 * against its {@code ...Baseline} twin of the same class run in the same JMH run: the ratio is the
 * figure's average time per call over the baseline's, for each measurement iteration (the rounds).
 * Run with {@code -f 1 -wi 2 -i 3} and 1 s iterations; under {@code --smoke} in the suite's own JVM
 * with one 100 ms iteration and no warm-up. JMH's own report goes to {@code jmh.log} in the work
 * directory.
 */
final class MicroFigures {
  /** Each benchmark: its method, what it measures, and its baseline twin. */
  private record Pair(String benchmark, String figure, String baseline) {}

  private static final List<Pair> PAIRS =
      List.of(
          new Pair(
              "dev.junction.bench.micro.BirdRenderBenchmark.renderOne",
              "JMH BirdRenderer, one attachment",
              "String.join of the same text"),
          new Pair(
              "dev.junction.bench.micro.BirdRenderBenchmark.renderRouter",
              "JMH BirdRenderer, a router with 1,000",
              "String.join of the same text"),
          new Pair(
              "dev.junction.api.yandex.YandexJsonBenchmark.privateConnection",
              "JMH Yandex JSON of a private connection",
              "Jackson, a Map of the same fields"),
          new Pair(
              "dev.junction.api.cloudflare.CloudflareJsonBenchmark.cni",
              "JMH Cloudflare JSON of a CNI",
              "Jackson, a Map of the same fields"),
          new Pair(
              "dev.junction.bench.micro.ValidationBenchmark.validate",
              "JMH core validation of a create",
              "plain parse of the same fields"));

  private final Suite suite;

  MicroFigures(Suite suite) {
    this.suite = suite;
  }

  List<Row> run() throws Exception {
    Options options = suite.options();
    // Other JMH runs on the machine hold JMH's lock; these runs do not share anything with them.
    System.setProperty("jmh.ignoreLock", "true");
    OptionsBuilder jmh = new OptionsBuilder();
    for (Pair pair : PAIRS) {
      jmh.include("^" + java.util.regex.Pattern.quote(pair.benchmark()) + "(Baseline)?$");
    }
    if (options.smoke()) {
      jmh.forks(0)
          .warmupIterations(0)
          .measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(100));
    } else {
      jmh.forks(1)
          .warmupIterations(2)
          .warmupTime(TimeValue.seconds(1))
          .measurementIterations(Math.max(3, options.rounds()))
          .measurementTime(TimeValue.seconds(1));
    }
    java.nio.file.Path log = options.work().resolve("jmh.log");
    Files.createDirectories(log.getParent());
    jmh.output(log.toString());
    suite.progress(
        "JMH: running %d benchmarks and their baselines (report in %s)", PAIRS.size(), log);
    Collection<RunResult> results = new Runner(jmh.build()).run();
    Map<String, List<Double>> scores = new HashMap<>();
    for (RunResult result : results) {
      List<Double> iterations = new ArrayList<>();
      for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
        for (IterationResult iteration : benchmark.getIterationResults()) {
          iterations.add(iteration.getPrimaryResult().getScore());
        }
      }
      scores.put(result.getParams().getBenchmark(), iterations);
    }
    List<Row> rows = new ArrayList<>();
    for (Pair pair : PAIRS) {
      Row row =
          new Row(pair.figure(), pair.baseline(), "x", "- (no target)", null).absoluteUnit("ns");
      List<Double> figure = scores.get(pair.benchmark());
      List<Double> baseline = scores.get(pair.benchmark() + "Baseline");
      if (figure == null || baseline == null || figure.isEmpty() || baseline.isEmpty()) {
        row.errors("JMH did not run it; see " + log);
      } else {
        for (int i = 0; i < Math.min(figure.size(), baseline.size()); i++) {
          row.round(figure.get(i) / baseline.get(i), figure.get(i), baseline.get(i));
        }
      }
      rows.add(row);
    }
    return rows;
  }
}
