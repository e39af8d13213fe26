package dev.junction.core.access;

import static dev.junction.core.CoreHarness.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.audit.AuditEvent;
import dev.junction.core.audit.AuditQuery;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Tenants, principals, grants and credentials on a real store, as the operator manages them. */
@ParameterizedClass
@EnumSource(Engine.class)
class IdentitiesTest {
  @Parameter Engine engine;

  @TempDir Path dir;
  private CoreHarness harness;
  private Identities identities;
  private Tenant acme;
  private Principal ann;

  @BeforeEach
  void open() {
    harness = new CoreHarness(engine, dir);
    identities = harness.useCases.identities();
    acme = identities.createTenant(caller(), "acme");
    identities.addScope(caller(), acme.id(), "folder-a");
    ann =
        identities.createPrincipal(
            caller(), acme.id(), PrincipalKind.USER, "ann", Optional.of("Ann@Acme.test"), false);
  }

  @AfterEach
  void close() {
    harness.close();
  }

  private static Class<? extends Problem> problemOf(Runnable call) {
    try {
      call.run();
      return null;
    } catch (ProblemException e) {
      return e.problem().getClass();
    }
  }

  @Test
  void authenticatesATokenWithThePrincipalsRolesUntilItIsRevoked() {
    identities.grant(caller(), ann.id(), "folder-a", "Magic WAN Read");
    identities.grant(caller(), ann.id(), "folder-a", "editor");
    Identities.IssuedToken issued =
        identities.createToken(caller(), ann.id(), "laptop", Optional.empty());
    assertThat(issued.secret()).startsWith("jct_").hasSizeGreaterThan(40);
    assertThat(issued.toString()).doesNotContain(issued.secret());

    Identity identity = identities.authenticate(issued.secret()).orElseThrow();
    assertThat(identity.principal().id()).isEqualTo(ann.id());
    assertThat(identity.access().canWrite("folder-a")).as("the strongest role counts").isTrue();
    assertThat(identity.access().canRead("folder-b")).isFalse();
    assertThat(identities.authenticate(issued.secret() + "x")).isEmpty();

    identities.revokeToken(caller(), issued.token().id());
    assertThat(identities.authenticate(issued.secret())).isEmpty();
  }

  @Test
  void refusesAnExpiredToken() {
    Identities.IssuedToken issued =
        identities.createToken(caller(), ann.id(), "short", Optional.of(Duration.ofMinutes(5)));
    assertThat(identities.authenticate(issued.secret())).isPresent();
    harness.clock.tick(Duration.ofMinutes(5));
    assertThat(identities.authenticate(issued.secret())).isEmpty();
  }

  @Test
  void authenticatesAGlobalKeyByItsEmailInAnyCase() {
    String key = identities.createGlobalKey(caller(), ann.id());
    assertThat(key).startsWith("jck_");
    assertThat(identities.authenticateGlobalKey("ann@acme.TEST", key)).isPresent();
    assertThat(identities.authenticateGlobalKey("ann@acme.test", key + "x")).isEmpty();
    assertThat(identities.authenticateGlobalKey("bob@acme.test", key)).isEmpty();
    String replaced = identities.createGlobalKey(caller(), ann.id());
    assertThat(identities.authenticateGlobalKey("ann@acme.test", key)).isEmpty();
    assertThat(identities.authenticateGlobalKey("ann@acme.test", replaced)).isPresent();
  }

  @Test
  void grantsOnlyScopesOfThePrincipalsTenant() {
    Tenant rival = identities.createTenant(caller(), "rival");
    identities.addScope(caller(), rival.id(), "folder-b");
    assertThatThrownBy(() -> identities.grant(caller(), ann.id(), "folder-b", "editor"))
        .hasMessageContaining("scope");
    assertThatThrownBy(() -> identities.grant(caller(), ann.id(), "folder-a", "owner"))
        .hasMessageContaining("role");
    assertThatThrownBy(() -> identities.addScope(caller(), rival.id(), "folder-a"))
        .hasMessageContaining("another tenant");
    assertThatThrownBy(() -> identities.addScope(caller(), rival.id(), "no spaces"))
        .hasMessageContaining("scope");
  }

  @Test
  void makesOperatorsOnlyInTheProvidersTenantAndKeepsEmailsUnique() {
    assertThatThrownBy(
            () ->
                identities.createPrincipal(
                    caller(), acme.id(), PrincipalKind.USER, "eve", Optional.empty(), true))
        .hasMessageContaining("operator");
    assertThatThrownBy(
            () ->
                identities.createPrincipal(
                    caller(),
                    acme.id(),
                    PrincipalKind.USER,
                    "ann2",
                    Optional.of("ann@acme.test"),
                    false))
        .hasMessageContaining("email");
    assertThatThrownBy(() -> identities.createGlobalKey(caller(), "prn-missing"))
        .hasMessageContaining("not found");
  }

  @Test
  void leavesIdentitiesAndTheAuditLogToTheOperator() {
    identities.grant(caller(), ann.id(), "folder-a", "editor");
    String secret = identities.createToken(caller(), ann.id(), "t", Optional.empty()).secret();
    Identity identity = identities.authenticate(secret).orElseThrow();
    Caller tenantCaller =
        new Caller(
            ann.id(),
            acme.id(),
            identity.access(),
            Optional.empty(),
            "req",
            "127.0.0.1",
            AuditTrail.NONE);
    assertThat(problemOf(() -> identities.tenants(tenantCaller)))
        .isEqualTo(Problem.PermissionDenied.class);
    assertThat(
            problemOf(() -> identities.createToken(tenantCaller, ann.id(), "x", Optional.empty())))
        .isEqualTo(Problem.PermissionDenied.class);
    harness
        .useCases
        .audit()
        .record(
            new AuditEvent(
                Instant.now(), ann.id(), acme.id(), "POST /x", "r", "req", "127.0.0.1", "ok"));
    assertThat(
            problemOf(
                () ->
                    harness
                        .useCases
                        .audit()
                        .query(tenantCaller, AuditQuery.ALL, PageRequest.first())))
        .isEqualTo(Problem.PermissionDenied.class);
    assertThat(
            harness.useCases.audit().query(caller(), AuditQuery.ALL, PageRequest.first()).items())
        .hasSize(1);
  }
}
