package dev.junction.core.attachment;

import static dev.junction.core.CoreHarness.caller;
import static dev.junction.core.CoreHarness.draft;
import static dev.junction.core.CoreHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.config.Quotas;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.FieldViolation;
import dev.junction.core.problem.Problem;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.AttachmentQuery;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class AttachmentsTest {
  @Parameter Engine engine;

  private static final AttachmentKind PRIVATE = AttachmentKind.PRIVATE;

  @TempDir Path dir;
  private CoreHarness harness;
  private Attachments attachments;

  @BeforeEach
  void start() {
    harness = new CoreHarness(engine, dir);
    attachments = harness.useCases.attachments();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private Attachment created(String name, long vlan) {
    Operation operation = attachments.create(caller(), PRIVATE, draft(name, vlan));
    harness.complete(operation);
    return attachments.get(caller(), PRIVATE, operation.resourceId());
  }

  private List<Attachment> all() {
    return attachments
        .list(
            caller(),
            AttachmentQuery.inScope(PRIVATE, CoreHarness.FOLDER, NameFilter.ALL),
            PageRequest.first())
        .items();
  }

  @Test
  void showsANewConnectionAsCreatingUntilTheNetworkAppliesIt() {
    Operation operation = attachments.create(caller(), PRIVATE, draft("pc-1", 100));
    assertThat(operation.done()).isFalse();
    assertThat(attachments.get(caller(), PRIVATE, operation.resourceId()).status())
        .isEqualTo(ResourceStatus.CREATING);

    assertThat(harness.step(operation).done()).as("waits for the network").isFalse();

    Operation done = harness.complete(operation);
    Attachment active = attachments.get(caller(), PRIVATE, operation.resourceId());
    assertThat(active.status()).isEqualTo(ResourceStatus.ACTIVE);
    assertThat(done.response()).contains(new ResourceState.OfAttachment(active));
    assertThat(active.peering().cloudAsn().value()).isEqualTo(200350);
  }

  @Test
  void rejectsInvalidInputNamingEveryFieldAndWritesNothing() {
    AttachmentDraft bad =
        new AttachmentDraft(
            CoreHarness.FOLDER,
            "-bad-name",
            "x".repeat(257),
            Map.of("Key", "v"),
            CoreHarness.DEMO_TRUNK,
            Optional.of(4001L),
            Optional.of(
                new PeeringDraft("10.0.0.1/30", "10.0.0.9", "10.0.0.2", 64500, "k".repeat(201))),
            List.of("10.1.0.1/16"),
            List.of(),
            List.of());
    Problem.InvalidArgument invalid =
        problemOf(Problem.InvalidArgument.class, () -> attachments.create(caller(), PRIVATE, bad));
    assertThat(invalid.violations())
        .extracting(FieldViolation::field)
        .contains(
            "name",
            "description",
            "labels",
            "vlan",
            "peering.subnet",
            "peering.peer_asn",
            "peering.md5_key",
            "static_routes[0]");
    assertThat(all()).isEmpty();
  }

  @Test
  void rejectsADuplicateNameButNotTwoEmptyNames() {
    created("pc-1", 100);
    Problem.AlreadyExists exists =
        problemOf(
            Problem.AlreadyExists.class,
            () -> attachments.create(caller(), PRIVATE, draft("pc-1", 101)));
    assertThat(exists.field()).isEqualTo("name");
    created("", 102);
    created("", 103);
    assertThat(all()).hasSize(3);
  }

  @Test
  void rejectsAVlanTakenOnTheTrunk() {
    created("pc-1", 100);
    Problem.AlreadyExists exists =
        problemOf(
            Problem.AlreadyExists.class,
            () -> attachments.create(caller(), PRIVATE, draft("pc-2", 100)));
    assertThat(exists.field()).isEqualTo("vlan");
    assertThat(exists.message()).contains("VLAN 100");
  }

  @Test
  void needsAVlanOnATrunkWithItsOwnPorts() {
    AttachmentDraft noVlan = draftWith(draft("pc-1", 100), Optional.empty());
    Problem.InvalidArgument invalid =
        problemOf(
            Problem.InvalidArgument.class, () -> attachments.create(caller(), PRIVATE, noVlan));
    assertThat(invalid.violations()).extracting(FieldViolation::field).containsExactly("vlan");
  }

  @Test
  void needsAnExistingActiveTrunk() {
    AttachmentDraft unknown =
        new AttachmentDraft(
            CoreHarness.FOLDER,
            "pc",
            "",
            Map.of(),
            "no-such-trunk",
            Optional.of(100L),
            draft("x", 1).peering(),
            List.of(),
            List.of(),
            List.of());
    Problem.NotFound notFound =
        problemOf(Problem.NotFound.class, () -> attachments.create(caller(), PRIVATE, unknown));
    assertThat(notFound.id()).isEqualTo("no-such-trunk");
  }

  @Test
  void limitsConnectionsPerTrunk() {
    harness.close();
    harness = new CoreHarness(engine, dir.resolve("quota"), new Quotas(2, 2, 5, 100), false);
    attachments = harness.useCases.attachments();
    created("pc-1", 100);
    created("pc-2", 101);
    problemOf(
        Problem.ResourceExhausted.class,
        () -> attachments.create(caller(), PRIVATE, draft("pc-3", 102)));
  }

  @Test
  void updatesOnlyTheFieldsInTheMask() {
    Attachment pc = created("pc-1", 100);
    AttachmentDraft patch =
        new AttachmentDraft(
            "",
            "pc-renamed",
            "new description",
            Map.of(),
            "",
            Optional.empty(),
            Optional.empty(),
            List.of(),
            List.of(),
            List.of());
    Operation update =
        attachments.update(
            caller(),
            PRIVATE,
            pc.id(),
            EnumSet.of(AttachmentField.NAME, AttachmentField.DESCRIPTION),
            patch);
    assertThat(attachments.get(caller(), PRIVATE, pc.id()).status())
        .isEqualTo(ResourceStatus.UPDATING);
    harness.complete(update);
    Attachment updated = attachments.get(caller(), PRIVATE, pc.id());
    assertThat(updated.name()).isEqualTo("pc-renamed");
    assertThat(updated.description()).isEqualTo("new description");
    assertThat(updated.vlan()).isEqualTo(pc.vlan());
    assertThat(updated.peering()).isEqualTo(pc.peering());
    assertThat(updated.revision()).isEqualTo(pc.revision() + 1);
  }

  @Test
  void changesOnePartOfThePeeringThroughASubPath() {
    Attachment pc = created("pc-1", 100);
    AttachmentDraft patch =
        new AttachmentDraft(
            "",
            "",
            "",
            Map.of(),
            "",
            Optional.empty(),
            Optional.of(new PeeringDraft("", "", "", 65010, "")),
            List.of(),
            List.of(),
            List.of());
    harness.complete(
        attachments.update(
            caller(), PRIVATE, pc.id(), EnumSet.of(AttachmentField.PEERING_PEER_ASN), patch));
    Attachment updated = attachments.get(caller(), PRIVATE, pc.id());
    assertThat(updated.peering().peerAsn().orElseThrow().value()).isEqualTo(65010);
    assertThat(updated.peering().subnet()).isEqualTo(pc.peering().subnet());
  }

  @Test
  void replacesEverythingWithoutAMaskAndRejectsWhatIsThenMissing() {
    Attachment pc = created("pc-1", 100);
    AttachmentDraft onlyName =
        new AttachmentDraft(
            "",
            "renamed",
            "",
            Map.of(),
            "",
            Optional.empty(),
            Optional.empty(),
            List.of(),
            List.of(),
            List.of());
    Problem.InvalidArgument invalid =
        problemOf(
            Problem.InvalidArgument.class,
            () -> attachments.update(caller(), PRIVATE, pc.id(), AttachmentField.all(), onlyName));
    assertThat(invalid.violations()).extracting(FieldViolation::field).contains("trunk", "peering");
    assertThat(attachments.get(caller(), PRIVATE, pc.id())).isEqualTo(pc);

    AttachmentDraft full = draftWith(draft("replaced", 200), Optional.of(200L));
    harness.complete(attachments.update(caller(), PRIVATE, pc.id(), AttachmentField.all(), full));
    Attachment replaced = attachments.get(caller(), PRIVATE, pc.id());
    assertThat(replaced.name()).isEqualTo("replaced");
    assertThat(replaced.vlan().orElseThrow().value()).isEqualTo(200);
    assertThat(replaced.staticRoutes()).isEmpty();
  }

  @Test
  void refusesANewOperationWhileOneIsInProgress() {
    Operation creation = attachments.create(caller(), PRIVATE, draft("pc-1", 100));
    problemOf(
        Problem.FailedPrecondition.class,
        () -> attachments.delete(caller(), PRIVATE, creation.resourceId()));
  }

  @Test
  void deletesOnceTheNetworkRemovedTheConnection() {
    Attachment pc = created("pc-1", 100);
    Operation deletion = attachments.delete(caller(), PRIVATE, pc.id());
    assertThat(attachments.get(caller(), PRIVATE, pc.id()).status())
        .isEqualTo(ResourceStatus.DELETING);
    Operation done = harness.complete(deletion);
    assertThat(done.response()).contains(ResourceState.NOTHING);
    problemOf(Problem.NotFound.class, () -> attachments.get(caller(), PRIVATE, pc.id()));
    created("pc-1", 100);
  }

  @Test
  void movesToAnotherScopeKeepingNamesUniqueThere() {
    Attachment pc = created("pc-1", 100);
    harness.complete(attachments.move(caller(), PRIVATE, pc.id(), "folder-b"));
    assertThat(attachments.get(caller(), PRIVATE, pc.id()).scope()).isEqualTo("folder-b");

    Attachment other = created("pc-1", 101);
    Problem.AlreadyExists exists =
        problemOf(
            Problem.AlreadyExists.class,
            () -> attachments.move(caller(), PRIVATE, other.id(), "folder-b"));
    assertThat(exists.field()).isEqualTo("name");
  }

  @Test
  void upsertsAndRemovesStaticRoutesByPrefix() {
    Attachment pc = created("pc-1", 100);
    harness.complete(
        attachments.upsertStaticRoutes(
            caller(), PRIVATE, pc.id(), List.of("10.2.0.0/16", "10.1.0.0/16")));
    harness.complete(
        attachments.upsertStaticRoutes(caller(), PRIVATE, pc.id(), List.of("10.1.0.0/16")));
    assertThat(attachments.get(caller(), PRIVATE, pc.id()).staticRoutes())
        .containsExactly(Ipv4Prefix.of("10.1.0.0/16"), Ipv4Prefix.of("10.2.0.0/16"));

    harness.complete(
        attachments.removeStaticRoutes(
            caller(), PRIVATE, pc.id(), List.of("10.1.0.0/16", "192.168.0.0/24")));
    assertThat(attachments.get(caller(), PRIVATE, pc.id()).staticRoutes())
        .containsExactly(Ipv4Prefix.of("10.2.0.0/16"));

    problemOf(
        Problem.InvalidArgument.class,
        () -> attachments.upsertStaticRoutes(caller(), PRIVATE, pc.id(), List.of("10.3.0.1/16")));
  }

  @Test
  void limitsStaticRoutesToTheQuota() {
    Attachment pc = created("pc-1", 100);
    List<String> hundred = IntStream.range(0, 100).mapToObj(i -> "10." + i + ".0.0/16").toList();
    harness.complete(attachments.upsertStaticRoutes(caller(), PRIVATE, pc.id(), hundred));
    problemOf(
        Problem.ResourceExhausted.class,
        () -> attachments.upsertStaticRoutes(caller(), PRIVATE, pc.id(), List.of("10.200.0.0/16")));
    List<String> tooMany = IntStream.range(0, 101).mapToObj(i -> "10." + i + ".0.0/16").toList();
    problemOf(
        Problem.InvalidArgument.class,
        () -> attachments.create(caller(), PRIVATE, draftWithRoutes(draft("pc-2", 101), tooMany)));
  }

  @Test
  void rollsBackACreateTheRouterRefused() {
    Operation operation = attachments.create(caller(), PRIVATE, draft("pc-1", 100));
    harness.networkRefuses(operation.resourceId(), operation.targetRevision(), "syntax error");
    Operation failed = harness.step(operation);
    assertThat(failed.done()).isTrue();
    assertThat(failed.error()).get().isInstanceOf(Problem.Unavailable.class);
    assertThat(failed.error().get().message()).contains("syntax error");
    problemOf(
        Problem.NotFound.class, () -> attachments.get(caller(), PRIVATE, operation.resourceId()));
    created("pc-1", 100);
  }

  @Test
  void rollsBackAnUpdateTheRouterRefused() {
    Attachment pc = created("pc-1", 100);
    AttachmentDraft patch = draftWith(draft("pc-1", 300), Optional.of(300L));
    Operation update =
        attachments.update(caller(), PRIVATE, pc.id(), EnumSet.of(AttachmentField.VLAN), patch);
    harness.networkRefuses(pc.id(), update.targetRevision(), "rejected");
    assertThat(harness.step(update).error()).isPresent();
    Attachment restored = attachments.get(caller(), PRIVATE, pc.id());
    assertThat(restored.status()).isEqualTo(ResourceStatus.ACTIVE);
    assertThat(restored.vlan()).isEqualTo(pc.vlan());
    assertThat(restored.revision())
        .as("a new revision, so the network re-applies the old state")
        .isGreaterThan(update.targetRevision());
  }

  @Test
  void listsOperationsNewestFirst() {
    Attachment pc = created("pc-1", 100);
    Operation upsert =
        attachments.upsertStaticRoutes(caller(), PRIVATE, pc.id(), List.of("10.9.0.0/16"));
    assertThat(attachments.operations(caller(), PRIVATE, pc.id(), PageRequest.first()).items())
        .extracting(Operation::id)
        .first()
        .isEqualTo(upsert.id());
    assertThat(attachments.operations(caller(), PRIVATE, pc.id(), PageRequest.first()).items())
        .hasSize(2);
  }

  private static AttachmentDraft draftWith(AttachmentDraft draft, Optional<Long> vlan) {
    return new AttachmentDraft(
        draft.scope(),
        draft.name(),
        draft.description(),
        draft.labels(),
        draft.trunkId(),
        vlan,
        draft.peering(),
        draft.staticRoutes(),
        draft.services(),
        draft.announcedPrefixes());
  }

  private static AttachmentDraft draftWithRoutes(AttachmentDraft draft, List<String> routes) {
    return new AttachmentDraft(
        draft.scope(),
        draft.name(),
        draft.description(),
        draft.labels(),
        draft.trunkId(),
        draft.vlan(),
        draft.peering(),
        routes,
        draft.services(),
        draft.announcedPrefixes());
  }
}
