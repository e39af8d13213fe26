package dev.junction.core.network;

import static dev.junction.core.CoreHarness.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.operation.Operation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
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
 * scrape seconds of CPU at a million connections. It keeps the counts as observations change
 * (triggers, V9); each test checks them against a count of the observations themselves. On a real
 * store of each engine.
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
      String id = create("pc-" + i, 100 + i);
      if (i < states.length) {
        reportSession(id, states[i]);
      }
    }

    Map<String, Map<String, Integer>> counts = harness.store.read(tx -> tx.sessionCounts());
    assertThat(counts)
        .as("sessions by router and state; the fifth connection has none reported")
        .isEqualTo(Map.of(CoreHarness.ROUTER, Map.of("Established", 2, "Active", 1, "Connect", 1)));
  }

  @Test
  void movesASessionToItsNewStateAndLeavesItWhereItWasOnOtherReports() {
    String id = create("pc-1", 100);
    reportSession(id, "Connect");
    reportSession(id, "Connect");
    reportSession(id, "Established");
    harness.report(
        SubjectReport.observed(
            id, Optional.of(new LinkObservation(true, "Up", "")), Optional.empty()));

    assertThat(counts())
        .as("one session, in the state last reported; a report without a session keeps it")
        .isEqualTo(Map.of(CoreHarness.ROUTER, Map.of("Established", 1)))
        .isEqualTo(recount());
  }

  @Test
  void leavesOutTheSessionOfAnAttachmentOnceDeleted() {
    String kept = create("pc-1", 100);
    String deleted = create("pc-2", 101);
    reportSession(kept, "Established");
    reportSession(deleted, "Established");
    assertThat(counts()).isEqualTo(Map.of(CoreHarness.ROUTER, Map.of("Established", 2)));

    Operation deletion =
        harness
            .useCases
            .attachments()
            .delete(CoreHarness.caller(), AttachmentKind.PRIVATE, deleted);
    harness.complete(deletion);

    Optional<Observation> gone = harness.store.read(tx -> tx.observation(deleted));
    assertThat(gone).as("the observation went with its attachment").isEmpty();
    assertThat(counts())
        .as("the deleted attachment's session is no longer counted")
        .isEqualTo(Map.of(CoreHarness.ROUTER, Map.of("Established", 1)))
        .isEqualTo(recount());
  }

  @Test
  void keepsTheCountsOfAnyMixOfReportsAndDeletesEqualToACountOfTheObservations() {
    Random random = new Random(11);
    String[] states = {"Idle", "Connect", "Active", "OpenSent", "Established"};
    List<String> live = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      live.add(create("pc-" + i, 100 + i));
    }
    for (int step = 0; step < 60; step++) {
      String id = live.get(random.nextInt(live.size()));
      if (random.nextInt(10) == 0 && live.size() > 1) {
        live.remove(id);
        harness.complete(
            harness
                .useCases
                .attachments()
                .delete(CoreHarness.caller(), AttachmentKind.PRIVATE, id));
      } else {
        reportSession(id, states[random.nextInt(states.length)]);
      }
      assertThat(counts()).as("after step %d", step).isEqualTo(recount());
    }
  }

  private String create(String name, long vlan) {
    Operation created =
        harness
            .useCases
            .attachments()
            .create(CoreHarness.caller(), AttachmentKind.PRIVATE, draft(name, vlan));
    harness.complete(created);
    return created.resourceId();
  }

  private void reportSession(String id, String state) {
    harness.report(
        SubjectReport.observed(
            id,
            Optional.empty(),
            Optional.of(new BgpObservation(state, harness.clock.instant(), "", 0, 0))));
  }

  private Map<String, Map<String, Integer>> counts() {
    return harness.store.read(tx -> tx.sessionCounts());
  }

  /** Counts the sessions from the observations of every attachment there is, one by one. */
  private Map<String, Map<String, Integer>> recount() {
    return harness.store.read(
        tx -> {
          Map<String, Map<String, Integer>> counted = new TreeMap<>();
          for (Attachment attachment :
              tx.attachmentsOnRouter(CoreHarness.ROUTER, Optional.empty(), 1_000)) {
            Optional<BgpObservation> bgp = tx.observation(attachment.id()).flatMap(o -> o.bgp());
            bgp.ifPresent(
                session ->
                    counted
                        .computeIfAbsent(CoreHarness.ROUTER, r -> new TreeMap<>())
                        .merge(session.state(), 1, Integer::sum));
          }
          return counted;
        });
  }
}
