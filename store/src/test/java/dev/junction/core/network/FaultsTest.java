package dev.junction.core.network;

import static dev.junction.core.CoreHarness.ROUTER;
import static dev.junction.core.CoreHarness.caller;
import static dev.junction.core.CoreHarness.draft;
import static dev.junction.core.CoreHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.problem.Problem;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Faults injected into simulated routers, kept in their desired state, over a real store. */
@ParameterizedClass
@EnumSource(Engine.class)
class FaultsTest {
  @Parameter Engine engine;

  @TempDir Path dir;
  private CoreHarness harness;
  private Faults faults;
  private DesiredState desired;

  @BeforeEach
  void start() {
    harness = new CoreHarness(engine, dir);
    faults = harness.useCases.network().faults();
    desired = harness.useCases.network().desired();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void injectsALinkFaultByPortNameOnItsKernelInterfaceAndClearsIt() {
    long before = desired.seq(ROUTER);
    assertThat(faults.inject(caller(), FaultKind.LINK, "et-0/0/2", "cable cut", Optional.empty()))
        .containsExactly(new NetworkFault(ROUTER, FaultKind.LINK, "et-0-0-2", "cable cut"));
    assertThat(desired.seq(ROUTER)).as("the header changed").isEqualTo(before + 1);
    assertThat(desired.header(ROUTER).faults())
        .containsExactly(new NetworkFault(ROUTER, FaultKind.LINK, "et-0-0-2", "cable cut"));
    assertThat(faults.list(caller())).hasSize(1);

    assertThat(faults.clear(caller(), FaultKind.LINK, "et-0-0-2", Optional.of(ROUTER))).hasSize(1);
    assertThat(desired.seq(ROUTER)).isEqualTo(before + 2);
    assertThat(faults.list(caller())).isEmpty();
    assertThat(faults.clear(caller(), FaultKind.LINK, "et-0-0-2", Optional.empty()))
        .as("nothing left to clear")
        .isEmpty();
    assertThat(desired.seq(ROUTER)).isEqualTo(before + 2);
  }

  @Test
  void holdsASessionDownOnItsAttachmentsRouter() {
    String id =
        harness
            .useCases
            .attachments()
            .create(caller(), AttachmentKind.PRIVATE, draft("pc-1", 100))
            .resourceId();
    assertThat(faults.inject(caller(), FaultKind.SESSION, id, "", Optional.empty()))
        .containsExactly(new NetworkFault(ROUTER, FaultKind.SESSION, id, ""));
    problemOf(
        Problem.InvalidArgument.class,
        () -> faults.inject(caller(), FaultKind.SESSION, "no-such", "", Optional.empty()));
    problemOf(
        Problem.InvalidArgument.class,
        () -> faults.inject(caller(), FaultKind.LINK, "eth77", "", Optional.empty()));
  }
}
