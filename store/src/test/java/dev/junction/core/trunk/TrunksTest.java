package dev.junction.core.trunk;

import static dev.junction.core.CoreHarness.caller;
import static dev.junction.core.CoreHarness.draft;
import static dev.junction.core.CoreHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.config.Quotas;
import dev.junction.core.operation.Operation;
import dev.junction.core.problem.Problem;
import dev.junction.core.resource.ResourceStatus;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class TrunksTest {
  @Parameter Engine engine;

  @TempDir Path dir;
  private CoreHarness harness;
  private Trunks trunks;

  @BeforeEach
  void start() {
    harness = new CoreHarness(engine, dir, new Quotas(3, 5, 5, 100), false);
    trunks = harness.useCases.trunks();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static TrunkDraft single(String scope, String name, long gbps) {
    return new TrunkDraft(
        scope,
        name,
        "",
        Map.of(),
        CoreHarness.POP,
        Optional.of(Bandwidth.gbps(gbps)),
        Optional.of(new JointRequest.SinglePort(Optional.of(TransceiverType.BASE_10G_LR))),
        false);
  }

  private Trunk created(TrunkDraft draft) {
    Operation operation = trunks.create(caller(), draft);
    harness.complete(operation);
    return trunks.get(CoreHarness.caller(), operation.resourceId());
  }

  @Test
  void takesAFreePortAndWaitsForTheNetwork() {
    Operation operation = trunks.create(caller(), single("f1", "t1", 10));
    Trunk creating = trunks.get(CoreHarness.caller(), operation.resourceId());
    assertThat(creating.status()).isEqualTo(ResourceStatus.CREATING);
    assertThat(creating.joint()).isInstanceOf(Joint.SinglePort.class);
    assertThat(harness.step(operation).done()).isFalse();
    harness.complete(operation);
    assertThat(trunks.get(CoreHarness.caller(), operation.resourceId()).status())
        .isEqualTo(ResourceStatus.ACTIVE);
  }

  @Test
  void runsOutOfPortsWithAClearError() {
    created(single("f1", "t1", 10));
    created(single("f2", "t2", 10));
    Problem.ResourceExhausted exhausted =
        problemOf(
            Problem.ResourceExhausted.class, () -> trunks.create(caller(), single("f3", "t3", 10)));
    assertThat(exhausted.message()).contains("BASE_10G_LR");
  }

  @Test
  void rejectsACapacityAboveThePortSpeed() {
    Problem.InvalidArgument invalid =
        problemOf(
            Problem.InvalidArgument.class, () -> trunks.create(caller(), single("f1", "t1", 20)));
    assertThat(invalid.violations().get(0).field()).isEqualTo("capacity");
  }

  @Test
  void buildsALagOnOneRouter() {
    TrunkDraft lag =
        new TrunkDraft(
            "f1",
            "lag",
            "",
            Map.of(),
            CoreHarness.POP,
            Optional.of(Bandwidth.gbps(20)),
            Optional.of(new JointRequest.Lag(Optional.of(TransceiverType.BASE_10G_LR), 2)),
            false);
    Trunk trunk = created(lag);
    assertThat(trunk.joint().portIds()).hasSize(2);
    assertThat(trunks.ports(trunk))
        .extracting(p -> p.name())
        .containsExactly("et-0/0/2", "et-0/0/3");
  }

  @Test
  void joinsThroughAPartnerThatServesThePop() {
    TrunkDraft viaPartner =
        new TrunkDraft(
            "f1",
            "p",
            "",
            Map.of(),
            CoreHarness.POP,
            Optional.of(Bandwidth.mbps(500)),
            Optional.of(new JointRequest.ViaPartner("partner-a")),
            false);
    Operation operation = trunks.create(caller(), viaPartner);
    assertThat(operation.targetRevision()).as("a partner joint needs no port").isZero();
    harness.complete(operation);
    TrunkDraft down =
        new TrunkDraft(
            "f1",
            "d",
            "",
            Map.of(),
            CoreHarness.POP,
            Optional.of(Bandwidth.mbps(500)),
            Optional.of(new JointRequest.ViaPartner("partner-down")),
            false);
    problemOf(Problem.FailedPrecondition.class, () -> trunks.create(caller(), down));
  }

  @Test
  void limitsTrunksPerScope() {
    harness.close();
    harness = new CoreHarness(engine, dir.resolve("small"), new Quotas(1, 5, 5, 100), false);
    trunks = harness.useCases.trunks();
    created(single("f1", "t1", 10));
    problemOf(
        Problem.ResourceExhausted.class, () -> trunks.create(caller(), single("f1", "t2", 10)));
  }

  @Test
  void refusesToDeleteAProtectedTrunkOrOneThatCarriesConnections() {
    Operation connection =
        harness.useCases.attachments().create(caller(), AttachmentKind.PRIVATE, draft("pc", 100));
    harness.complete(connection);
    Problem.FailedPrecondition busy =
        problemOf(
            Problem.FailedPrecondition.class,
            () -> trunks.delete(caller(), CoreHarness.DEMO_TRUNK));
    assertThat(busy.message()).contains("carries 1 connection");

    TrunkDraft protect =
        new TrunkDraft("", "", "", Map.of(), "", Optional.empty(), Optional.empty(), true);
    harness.complete(
        trunks.update(
            caller(), CoreHarness.DEMO_TRUNK, EnumSet.of(TrunkField.DELETION_PROTECTION), protect));
    Problem.FailedPrecondition protectedTrunk =
        problemOf(
            Problem.FailedPrecondition.class,
            () -> trunks.delete(caller(), CoreHarness.DEMO_TRUNK));
    assertThat(protectedTrunk.message()).contains("deletion protection");
  }

  @Test
  void deletesAndFreesThePort() {
    Trunk trunk = created(single("f1", "t1", 10));
    harness.complete(trunks.delete(caller(), trunk.id()));
    problemOf(Problem.NotFound.class, () -> trunks.get(CoreHarness.caller(), trunk.id()));
    created(single("f1", "t1", 10));
  }

  @Test
  void keepsTrunkNamesUniqueInAScope() {
    created(single("f1", "t1", 10));
    Problem.AlreadyExists exists =
        problemOf(
            Problem.AlreadyExists.class, () -> trunks.create(caller(), single("f1", "t1", 10)));
    assertThat(exists.field()).isEqualTo("name");
    assertThat(
            harness.store.<java.util.List<dev.junction.core.catalogue.Port>>read(
                tx -> tx.freePortsAt(CoreHarness.POP)))
        .hasSize(2);
  }
}
