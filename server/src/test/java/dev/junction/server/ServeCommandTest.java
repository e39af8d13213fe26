package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code junction serve} refuses a bad option naming it, before it touches anything, and tells its
 * version as the other commands do.
 */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void printsTheVersionUnderEveryCommand() {
    for (String[] args :
        List.of(
            new String[] {"serve", "--version"},
            new String[] {"agent", "-V"},
            new String[] {"admin", "routers", "--version"},
            new String[] {"cic", "--version"})) {
      PrintStream original = System.out;
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      int exit;
      try {
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        exit = Junction.commandLine(args).execute(args);
      } finally {
        System.setOut(original);
      }
      assertThat(exit).as(String.join(" ", args)).isZero();
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .as(String.join(" ", args))
          .startsWith("junction ");
    }
  }

  @Test
  void refusesAnUnknownLogFormatNamingTheFlagAndStartsNothing() {
    Path dataDir = dir.resolve("data");
    PrintStream original = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int exit;
    try {
      System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
      exit =
          new CommandLine(new Junction())
              .execute(
                  "serve",
                  "--data-dir",
                  dataDir.toString(),
                  "--http-port",
                  "0",
                  "--log-format",
                  "xml");
    } finally {
      System.setErr(original);
    }
    assertThat(exit).isEqualTo(2);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .isEqualTo("junction: --log-format: must be text or json (got xml)\n");
    assertThat(Files.exists(dataDir)).as("nothing was made").isFalse();
  }
}
