package dev.junction.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What --wait shows on standard error: plain lines for a pipe, a spinner for a terminal. */
class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String shown() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writesOneLinePerChangeOfStateWhenNotATerminal() {
    Progress progress = new Progress(err, false, "operation cop1 (Create private connection)");
    progress.state("running (CREATING)");
    progress.tick();
    progress.state("running (CREATING)");
    progress.state("running (ACTIVE)");
    progress.done("done");

    assertThat(shown().lines().toList())
        .hasSize(3)
        .allMatch(line -> !line.contains("\r"))
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .startsWith("operation cop1 (Create private connection): running (CREATING) ("),
            l ->
                assertThat(l)
                    .startsWith("operation cop1 (Create private connection): running (ACTIVE) ("),
            l -> assertThat(l).startsWith("operation cop1 (Create private connection): done ("));
  }

  @Test
  void redrawsASpinnerInPlaceOnATerminalAndEndsWithALine() {
    Progress progress = new Progress(err, true, "interconnect cft1");
    progress.state("Pending");
    progress.tick();
    progress.tick();
    progress.done("Healthy");

    String text = shown();
    assertThat(text.chars().filter(c -> c == '\n').count()).as("one line in the end").isEqualTo(1);
    assertThat(text).startsWith("\r| interconnect cft1: Pending (");
    assertThat(text).contains("\r/ interconnect cft1: Pending (").contains("\r- interconnect cft1");
    assertThat(text).contains("\rinterconnect cft1: Healthy (").endsWith("\n");
  }
}
