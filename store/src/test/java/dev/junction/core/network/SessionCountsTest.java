package dev.junction.core.network;

import static dev.junction.core.CoreHarness.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.operation.Operation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database counts the attachments' BGP sessions by router and reported state, what {@code
 * /metrics} shows on every scrape: reading every attachment and its observation instead cost a
 * scrape seconds of CPU at a million connections. On a real store of each engine.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class SessionCountsTest {
  @Parameter Engine engine;

  @TempDir Path dir;
  private CoreHarness harness;

  @BeforeEach
  void start() {
    harness = new CoreHarness(engine, dir);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void countsEachRoutersSessionsByTheStateLastReportedAndSkipsThoseWithNoSession() {
    String[] states = {"Established", "Established", "Active", "Connect"};
    for (int i = 0; i < states.length + 1; i++) {
      Operation created =
          harness
              .useCases
              .attachments()
              .create(CoreHarness.caller(), AttachmentKind.PRIVATE, draft("pc-" + i, 100 + i));
      if (i < states.length) {
        harness.report(
            SubjectReport.observed(
                created.resourceId(),
                Optional.empty(),
                Optional.of(
                    new BgpObservation(
                        states[i], Instant.parse("2026-11-22T10:00:00Z"), "", 0, 0))));
      }
    }

    Map<String, Map<String, Integer>> counts = harness.store.read(tx -> tx.sessionCounts());
    assertThat(counts)
        .as("sessions by router and state; the fifth connection has none reported")
        .isEqualTo(Map.of(CoreHarness.ROUTER, Map.of("Established", 2, "Active", 1, "Connect", 1)));
  }
}
