package dev.junction.core.ticket;

import static dev.junction.core.CoreHarness.caller;
import static dev.junction.core.CoreHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.access.Caller;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.config.Quotas;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.FieldViolation;
import dev.junction.core.problem.Problem;
import dev.junction.core.resource.ResourceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class TicketsTest {
  @Parameter Engine engine;

  @TempDir Path dir;
  private CoreHarness harness;

  @AfterEach
  void stop() {
    harness.close();
  }

  private Tickets tickets(boolean autoApprove) {
    harness = new CoreHarness(engine, dir, Quotas.DEFAULTS, autoApprove);
    return harness.useCases.tickets();
  }

  private static Tickets.Draft draft(String name) {
    return new Tickets.Draft(
        "folder-t",
        name,
        "",
        Optional.of(Bandwidth.gbps(10)),
        CoreHarness.POP,
        "please",
        Map.of(),
        false);
  }

  @Test
  void waitsForTheOperatorThenBecomesATrunk() {
    Tickets tickets = tickets(false);
    Operation creation = tickets.create(caller(), draft("wanted"));
    Operation done = harness.complete(creation);
    Ticket pending = tickets.get(CoreHarness.caller(), creation.resourceId());
    assertThat(pending.status()).isEqualTo(TicketStatus.PENDING_SUPPORT);
    assertThat(done.response()).contains(new ResourceState.OfTicket(pending));

    Operation trunkCreation = tickets.approve(Caller.operator("operator"), pending.id());
    Ticket approved = tickets.get(CoreHarness.caller(), pending.id());
    assertThat(approved.status()).isEqualTo(TicketStatus.APPROVED);
    assertThat(approved.trunkId()).contains(trunkCreation.resourceId());
    harness.complete(trunkCreation);
    assertThat(
            harness
                .useCases
                .trunks()
                .get(CoreHarness.caller(), trunkCreation.resourceId())
                .status())
        .isEqualTo(ResourceStatus.ACTIVE);
    assertThat(
            harness.useCases.trunks().get(CoreHarness.caller(), trunkCreation.resourceId()).name())
        .isEqualTo("wanted");
  }

  @Test
  void becomesATrunkAtOnceWhereTheConfigurationSaysSo() {
    Tickets tickets = tickets(true);
    Operation creation = tickets.create(caller(), draft("auto"));
    Ticket ticket = tickets.get(CoreHarness.caller(), creation.resourceId());
    assertThat(ticket.status()).isEqualTo(TicketStatus.APPROVED);
    assertThat(ticket.trunkId()).isPresent();
  }

  @Test
  void listsOnlyTheTicketsTheNameFilterSelects() {
    Tickets tickets = tickets(false);
    for (String name : java.util.List.of("one", "two", "three")) {
      harness.complete(tickets.create(caller(), draft(name)));
    }
    assertThat(names(tickets, NameFilter.ALL)).containsExactly("one", "two", "three");
    assertThat(names(tickets, new NameFilter(Optional.of(Set.of("two")), Set.of())))
        .containsExactly("two");
    assertThat(names(tickets, new NameFilter(Optional.empty(), Set.of("one", "three"))))
        .containsExactly("two");
    assertThat(names(tickets, new NameFilter(Optional.of(Set.of()), Set.of()))).isEmpty();
  }

  private static java.util.List<String> names(Tickets tickets, NameFilter names) {
    return tickets.list(caller(), "folder-t", names, PageRequest.first()).items().stream()
        .map(ticket -> ticket.spec().name())
        .toList();
  }

  @Test
  void canBeRevokedOnlyWhilePending() {
    Tickets tickets = tickets(false);
    Operation creation = tickets.create(caller(), draft("revoked"));
    harness.complete(tickets.revoke(caller(), creation.resourceId()));
    assertThat(tickets.get(CoreHarness.caller(), creation.resourceId()).status())
        .isEqualTo(TicketStatus.REVOKED);
    problemOf(
        Problem.FailedPrecondition.class, () -> tickets.revoke(caller(), creation.resourceId()));
    problemOf(
        Problem.FailedPrecondition.class,
        () -> tickets.approve(Caller.operator("operator"), creation.resourceId()));
  }

  @Test
  void expiresWhenTheOperatorDoesNotAnswer() {
    Tickets tickets = tickets(false);
    Operation creation = tickets.create(caller(), draft("late"));
    harness.clock.tick(Duration.ofDays(15));
    assertThat(tickets.get(CoreHarness.caller(), creation.resourceId()).status())
        .isEqualTo(TicketStatus.EXPIRED);
    problemOf(
        Problem.FailedPrecondition.class,
        () -> tickets.approve(Caller.operator("operator"), creation.resourceId()));
  }

  @Test
  void validatesTheSpec() {
    Tickets tickets = tickets(false);
    Tickets.Draft bad =
        new Tickets.Draft("", "", "", Optional.empty(), "", "x".repeat(2001), Map.of(), false);
    Problem.InvalidArgument invalid =
        problemOf(Problem.InvalidArgument.class, () -> tickets.create(caller(), bad));
    assertThat(invalid.violations())
        .extracting(FieldViolation::field)
        .containsExactlyInAnyOrder(
            "scope", "spec.name", "spec.capacity", "spec.pop", "spec.user_message");
  }
}
