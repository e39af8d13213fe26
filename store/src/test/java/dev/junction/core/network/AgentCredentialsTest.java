package dev.junction.core.network;

import static dev.junction.core.CoreHarness.ROUTER;
import static dev.junction.core.CoreHarness.caller;
import static dev.junction.core.CoreHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
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

/** The credentials of router agents, over a real store. */
@ParameterizedClass
@EnumSource(Engine.class)
class AgentCredentialsTest {
  @Parameter Engine engine;

  @TempDir Path dir;
  private CoreHarness harness;
  private AgentCredentials agents;

  @BeforeEach
  void start() {
    harness = new CoreHarness(engine, dir);
    agents = harness.useCases.network().agents();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void authenticatesAnIssuedSecretUntilItIsRevoked() {
    AgentCredentials.Issued issued = agents.issue(caller(), ROUTER, "edge-a");
    assertThat(issued.secret()).startsWith(AgentCredentials.PREFIX);
    assertThat(issued.toString()).doesNotContain(issued.secret());
    assertThat(agents.authenticate(issued.secret())).contains(issued.credential());
    assertThat(agents.authenticate(issued.secret() + "x")).isEmpty();
    assertThat(agents.list(caller(), Optional.of(ROUTER))).containsExactly(issued.credential());

    harness.clock.tick(java.time.Duration.ofSeconds(5));
    AgentCredential revoked = agents.revoke(caller(), issued.credential().id());
    assertThat(revoked.revokedAt()).contains(harness.clock.instant());
    assertThat(agents.authenticate(issued.secret())).isEmpty();
  }

  @Test
  void issuesNothingForARouterNotInTheCatalogue() {
    problemOf(Problem.NotFound.class, () -> agents.issue(caller(), "no-such-router", ""));
    problemOf(Problem.NotFound.class, () -> agents.revoke(caller(), "jra-none"));
    assertThat(agents.list(caller(), Optional.empty())).isEmpty();
  }
}
