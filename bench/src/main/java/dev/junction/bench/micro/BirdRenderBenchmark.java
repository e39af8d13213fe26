package dev.junction.bench.micro;

import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.network.Artifact;
import dev.junction.network.Rendered;
import dev.junction.network.bird.BirdRenderer;
import dev.junction.network.bird.BirdSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link BirdRenderer}: the configuration of one attachment, and of a router with 1,000 (its header
 * and every session). Each against a baseline of the same size: {@code String.join} of the lines of
 * the very text the renderer wrote, so the ratio is the renderer's cost per character produced
 * beyond merely assembling it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BirdRenderBenchmark {
  private BirdRenderer renderer;
  private RouterHeader header;
  private SessionIntent one;
  private List<SessionIntent> thousand;
  private List<String> oneLines;
  private List<String> routerLines;

  @Setup
  public void setUp() {
    renderer = new BirdRenderer(BirdSettings.defaults());
    header = Fixtures.header();
    one = Fixtures.session(0);
    thousand = Fixtures.sessions(1_000);
    oneLines = lines(List.of(renderer.render(header, one)));
    List<Rendered> all = new ArrayList<>();
    all.add(renderer.renderHeader(header));
    for (SessionIntent session : thousand) {
      all.add(renderer.render(header, session));
    }
    routerLines = lines(all);
  }

  private static List<String> lines(List<Rendered> rendered) {
    List<String> lines = new ArrayList<>();
    for (Rendered r : rendered) {
      for (Artifact artifact : r.artifacts()) {
        lines.addAll(artifact.content().lines().toList());
      }
    }
    return lines;
  }

  @Benchmark
  public Rendered renderOne() {
    return renderer.render(header, one);
  }

  @Benchmark
  public String renderOneBaseline() {
    return String.join("\n", oneLines);
  }

  @Benchmark
  public List<Rendered> renderRouter() {
    List<Rendered> all = new ArrayList<>(thousand.size() + 1);
    all.add(renderer.renderHeader(header));
    for (SessionIntent session : thousand) {
      all.add(renderer.render(header, session));
    }
    return all;
  }

  @Benchmark
  public String renderRouterBaseline() {
    return String.join("\n", routerLines);
  }
}
