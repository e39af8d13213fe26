package dev.junction.core.network;

import static dev.junction.core.CoreHarness.DEMO_TRUNK;
import static dev.junction.core.CoreHarness.ROUTER;
import static dev.junction.core.CoreHarness.caller;
import static dev.junction.core.CoreHarness.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.attachment.AttachmentDraft;
import dev.junction.core.attachment.AttachmentField;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Attachments;
import dev.junction.core.attachment.Cnis;
import dev.junction.core.net.Asn;
import dev.junction.core.net.VlanId;
import dev.junction.core.operation.Operation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The desired-state feed an agent pulls, over a real store. */
@ParameterizedClass
@EnumSource(Engine.class)
class DesiredStateTest {
  @Parameter Engine engine;

  @TempDir Path dir;
  private CoreHarness harness;
  private DesiredState desired;
  private Attachments attachments;

  @BeforeEach
  void start() {
    harness = new CoreHarness(engine, dir);
    desired = harness.useCases.network().desired();
    attachments = harness.useCases.attachments();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private String create(String name, long vlan) {
    return attachments.create(caller(), AttachmentKind.PRIVATE, draft(name, vlan)).resourceId();
  }

  @Test
  void pagesASnapshotWithEveryTrunkFirstAndAttachmentsById() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(create("pc-" + i, 100 + i));
    }
    harness.networkApplies(DEMO_TRUNK, 1);
    long seq = desired.seq(ROUTER);

    DesiredSnapshot first = desired.snapshot(ROUTER, Optional.empty(), 2);
    assertThat(first.seq()).isEqualTo(seq);
    assertThat(first.header().router().id()).isEqualTo(ROUTER);
    assertThat(first.trunks()).extracting(TrunkIntent::trunkId).containsExactly(DEMO_TRUNK);
    assertThat(first.trunks().get(0).interfaceName()).contains("et-0-0-1");
    assertThat(first.recorded())
        .containsEntry(DEMO_TRUNK, new DesiredSnapshot.Recorded(1, "rendered-1"));
    List<String> paged = new ArrayList<>();
    first.sessions().forEach(s -> paged.add(s.attachmentId()));
    Optional<String> next = first.next();
    while (next.isPresent()) {
      DesiredSnapshot page = desired.snapshot(ROUTER, next, 2);
      assertThat(page.trunks()).as("trunks come on the first page only").isEmpty();
      page.sessions().forEach(s -> paged.add(s.attachmentId()));
      next = page.next();
    }
    assertThat(paged).isEqualTo(ids.stream().sorted().toList());
    assertThat(first.sessions().get(0).parentInterface()).contains("et-0-0-1");
  }

  @Test
  void feedsCreatesUpdatesAndDeletesAfterASequence() {
    long before = desired.seq(ROUTER);
    assertThat(desired.changes(ROUTER, before, 100).isEmpty()).isTrue();

    Operation creation = attachments.create(caller(), AttachmentKind.PRIVATE, draft("pc-1", 100));
    String id = creation.resourceId();
    DesiredChanges created = desired.changes(ROUTER, before, 100);
    assertThat(created.changed())
        .singleElement()
        .satisfies(
            intent -> {
              assertThat(intent.subjectId()).isEqualTo(id);
              assertThat(intent.present()).isTrue();
            });
    assertThat(created.seq()).isEqualTo(desired.seq(ROUTER)).isGreaterThan(before);
    assertThat(created.more()).isFalse();
    harness.complete(creation);
    assertThat(desired.changes(ROUTER, created.seq(), 100).isEmpty())
        .as("the connection became active: the router runs the same thing")
        .isTrue();

    Operation update =
        attachments.update(
            caller(),
            AttachmentKind.PRIVATE,
            id,
            EnumSet.of(AttachmentField.DESCRIPTION),
            new AttachmentDraft(
                "",
                "",
                "described",
                Map.of(),
                "",
                Optional.empty(),
                Optional.empty(),
                List.of(),
                List.of(),
                List.of()));
    DesiredChanges updated = desired.changes(ROUTER, created.seq(), 100);
    assertThat(updated.changed())
        .singleElement()
        .satisfies(intent -> assertThat(intent.revision()).isEqualTo(update.targetRevision()));
    harness.complete(update);

    Operation deletion = attachments.delete(caller(), AttachmentKind.PRIVATE, id);
    DesiredChanges deleting = desired.changes(ROUTER, updated.seq(), 100);
    assertThat(deleting.changed())
        .singleElement()
        .satisfies(intent -> assertThat(intent.present()).as("being deleted").isFalse());
    harness.complete(deletion);
    DesiredChanges removed = desired.changes(ROUTER, deleting.seq(), 100);
    assertThat(removed.changed()).isEmpty();
    assertThat(removed.removed()).containsExactly(id);
    assertThat(desired.changes(ROUTER, before, 100).removed())
        .as("from before the create, only the removal is left")
        .containsExactly(id);
  }

  @Test
  void cutsChangesAtALimitAndSaysThereIsMore() {
    long before = desired.seq(ROUTER);
    String a = create("pc-1", 100);
    String b = create("pc-2", 101);
    DesiredChanges first = desired.changes(ROUTER, before, 1);
    assertThat(first.more()).isTrue();
    assertThat(first.changed()).extracting(SubjectIntent::subjectId).containsExactly(a);
    DesiredChanges rest = desired.changes(ROUTER, first.seq(), 1);
    assertThat(rest.changed()).extracting(SubjectIntent::subjectId).containsExactly(b);
    assertThat(desired.changes(ROUTER, rest.seq(), 1).isEmpty()).isTrue();
  }

  @Test
  void givesACniNoVlanButKeepsTheVlanItReservedOnItsTrunk() {
    long before = desired.seq(ROUTER);
    String privateId = create("pc-1", 100);
    String cniId =
        harness
            .useCases
            .cnis()
            .create(
                caller(),
                new Cnis.Draft(
                    CoreHarness.FOLDER,
                    DEMO_TRUNK,
                    "cni-1",
                    "",
                    1500,
                    Optional.of(new Cnis.Bgp(65010, List.of(), Optional.empty())),
                    Optional.empty(),
                    new Asn(200350)))
            .resourceId();

    DesiredChanges changes = desired.changes(ROUTER, before, 100);
    SessionIntent cni = session(changes, cniId);
    assertThat(cni.kind()).isEqualTo(AttachmentKind.CNI);
    assertThat(cni.vlan()).as("a CNI is untagged on its interconnect's port").isEmpty();
    assertThat(cni.parentInterface()).contains("et-0-0-1");
    assertThat(session(changes, privateId).vlan()).contains(new VlanId(100));
    assertThat(harness.store.read(tx -> tx.attachment(cniId)).orElseThrow().vlan())
        .as("the store keeps the VLAN the CNI reserved on its trunk")
        .isPresent();
    Set<Integer> reserved = harness.store.read(tx -> tx.usedVlans(DEMO_TRUNK));
    assertThat(reserved).hasSize(2);
  }

  private static SessionIntent session(DesiredChanges changes, String id) {
    return changes.changed().stream()
        .filter(s -> s.subjectId().equals(id))
        .map(SessionIntent.class::cast)
        .findFirst()
        .orElseThrow();
  }
}
