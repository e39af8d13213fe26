package dev.junction.core.operation;

import static dev.junction.core.CoreHarness.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.access.Access;
import dev.junction.core.access.AuditTrail;
import dev.junction.core.access.Caller;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.audit.AuditEvent;
import dev.junction.core.audit.AuditQuery;
import dev.junction.core.page.PageRequest;
import dev.junction.store.JdbcStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Counts the commits one create costs through the core, from the submit to the operation done, on a
 * real store of each engine: the figure issue 11's durable-writes target (P2) depends on. The
 * router's reports are counted apart; they belong to the network, not to the operation.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class WritesPerCreateTest {
  @Parameter Engine engine;

  @TempDir Path dir;
  private CoreHarness harness;
  private JdbcStore store;

  @BeforeEach
  void start() {
    harness = new CoreHarness(engine, dir);
    store = (JdbcStore) harness.store;
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** A request's trail that has its record written in the change's transaction, as the server's. */
  private static final class RecordingOnCommit implements AuditTrail {
    final List<AuditEvent> recorded = new ArrayList<>();

    @Override
    public void denied(String action, String resource) {}

    @Override
    public void touched(String resource) {}

    @Override
    public Optional<AuditEvent> onCommit(String resource, Instant at) {
      return Optional.of(
          new AuditEvent(at, "user-1", "", "POST /create", resource, "req-1", "127.0.0.1", "ok"));
    }

    @Override
    public void recorded(AuditEvent event) {
      recorded.add(event);
    }
  }

  @Test
  void aCreateCostsOneCommitForItsSubmitAndItsAuditRecordAndOneForEachStep() {
    RecordingOnCommit trail = new RecordingOnCommit();
    Caller caller =
        new Caller("user-1", "", Access.OPERATOR, Optional.empty(), "req-1", "127.0.0.1", trail);
    long start = store.commits();
    long startWrites = store.committedWrites();
    Operation operation =
        harness.useCases.attachments().create(caller, AttachmentKind.PRIVATE, draft("pc-1", 100));
    assertThat(store.commits() - start).as("commits of the submit").isEqualTo(1);
    List<AuditEvent> log =
        store.read(tx -> tx.auditEvents(AuditQuery.ALL, PageRequest.first())).items();
    assertThat(log)
        .as("the audit record, committed with the change, before the submit returned")
        .singleElement()
        .satisfies(event -> assertThat(event.resource()).isEqualTo(operation.resourceId()));
    assertThat(trail.recorded).as("the trail is told the record is written").isEqualTo(log);

    assertThat(harness.step(operation).done()).as("waits for the router").isFalse();
    int emptyPasses = harness.worker.runOnce();
    long beforeReport = store.commits();
    harness.networkApplies(operation.resourceId(), operation.targetRevision());
    long reportCommits = store.commits() - beforeReport;
    assertThat(harness.step(operation).done()).isTrue();
    emptyPasses += harness.worker.runOnce();

    assertThat(emptyPasses).as("steps run by the passes with nothing due").isZero();
    assertThat(store.commits() - start - reportCommits)
        .as(
            "commits of the submit with its audit record and of the two steps, the passes with"
                + " nothing due writing nothing")
        .isEqualTo(3);
    assertThat(store.committedWrites() - startWrites - reportCommits)
        .as("writes: one per commit when nothing runs concurrently")
        .isEqualTo(3);
  }
}
