package dev.junction.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CI's smoke of the benchmark suite: the suite's own entry point with {@code --smoke} (one round, 2
 * s runs, a store of 2,000 connections for P6, JMH in this JVM with one short iteration) against
 * the packaged server of this checkout, as {@code bench/run.sh --smoke} runs it. It checks only
 * that the suite still runs: every figure has its row, none had failed calls, and each was measured
 * or says why it could not be. It asserts no timing.
 */
class SuiteSmokeTest {
  private static final List<String> FIGURES =
      List.of(
          "P1 REST authenticated no-op",
          "P1 REST authenticated GET",
          "P1 gRPC authenticated PrivateConnectionService/Get",
          "P2 creates/s at saturation, SQLite",
          "P2 creates/s at saturation, PostgreSQL",
          "P3 create to done beyond the router, p50",
          "P3 create to done beyond the router, p99",
          "P6 GET p99",
          "P6 List last page",
          "P6 creates/s",
          "P6 create to done p50",
          "P6 RSS after the load",
          "P6 restart to ready",
          "P7 launcher to ready (/readyz 200)",
          "P7 idle RSS after ready",
          "P7 launcher to ready, ratio",
          "JMH BirdRenderer, one attachment",
          "JMH BirdRenderer, a router with 1,000",
          "JMH Yandex JSON of a private connection",
          "JMH Cloudflare JSON of a CNI",
          "JMH core validation of a create");

  @Test
  void theSmokeRunMeasuresEveryFigureWithoutErrors() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("server/target/junction-server.jar"))
        .as("the packaged server, built before this module")
        .exists();
    Path work = Path.of("target/suite-smoke").toAbsolutePath();
    Path out = work.resolve("table.md");
    Options options =
        Options.parse(
            new String[] {
              "--smoke",
              "--root",
              root.toString(),
              "--work",
              work.toString(),
              "--out",
              out.toString()
            });

    List<Row> rows = Suite.run(options, System.err);

    System.err.print(Table.text(rows));
    assertThat(rows).extracting(Row::figure).hasSize(FIGURES.size());
    for (int i = 0; i < FIGURES.size(); i++) {
      Row row = rows.get(i);
      assertThat(row.figure()).startsWith(FIGURES.get(i));
      assertThat(row.hasErrors()).as("%s had errors: %s", row.figure(), row.cells()).isFalse();
      assertThat(row.rounds() > 0 || row.isNotApplicable())
          .as("%s was measured or says why not: %s", row.figure(), row.cells())
          .isTrue();
    }
    assertThat(Files.readString(out)).contains("| Figure |", FIGURES.get(0));
  }
}
