package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.access.Secrets;
import dev.junction.core.operation.Ids;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The credentials of router agents: the operator issues one per router (its secret is shown once,
 * only its digest is kept), lists and revokes them; an agent presents its secret on every call, and
 * a revoked credential is refused from the next call on.
 */
public final class AgentCredentials {
  /** The prefix of every agent credential's secret. */
  public static final String PREFIX = "jra_";

  /** The longest name a credential may have. */
  public static final int MAX_NAME = 100;

  private final Store store;
  private final InstantSource clock;
  private final Ids ids;

  public AgentCredentials(Store store, InstantSource clock, Ids ids) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.ids = requireNonNull(ids, "ids");
  }

  /** Returns a new credential and its secret, which is never shown again. */
  public record Issued(AgentCredential credential, String secret) {
    public Issued {
      requireNonNull(credential, "credential");
      requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
      return "Issued[" + credential + "]";
    }
  }

  /** Issues a credential for the agent of router {@code routerId}. */
  public Issued issue(Caller caller, String routerId, String name) {
    AccessGuard.operator(caller, "issuing agent credentials");
    if (name.length() > MAX_NAME) {
      throw ProblemException.invalid("name", "must be at most " + MAX_NAME + " characters long");
    }
    String secret = Secrets.newSecret(PREFIX);
    AgentCredential credential =
        new AgentCredential(ids.next("jra"), routerId, name, clock.instant(), Optional.empty());
    store.write(
        tx -> {
          if (tx.router(routerId).isEmpty()) {
            throw ProblemException.notFound("router", routerId);
          }
          tx.insertAgentCredential(credential, Secrets.digest(secret));
          return null;
        });
    return new Issued(credential, secret);
  }

  /** Returns the credentials of router {@code routerId}, or of every router. */
  public List<AgentCredential> list(Caller caller, Optional<String> routerId) {
    AccessGuard.operator(caller, "reading agent credentials");
    return store.read(tx -> tx.agentCredentials(routerId));
  }

  /** Revokes credential {@code id}: its agent is refused from its next call on. */
  public AgentCredential revoke(Caller caller, String id) {
    AccessGuard.operator(caller, "revoking agent credentials");
    Instant now = clock.instant();
    return store.write(
        tx -> {
          tx.agentCredential(id)
              .orElseThrow(() -> ProblemException.notFound("agent credential", id));
          tx.revokeAgentCredential(id, now);
          return tx.agentCredential(id).orElseThrow();
        });
  }

  /** Returns the live credential whose secret is {@code secret}, if there is one. */
  public Optional<AgentCredential> authenticate(String secret) {
    if (!secret.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String digest = Secrets.digest(secret);
    return store
        .read(tx -> tx.agentCredentialByDigest(digest))
        .filter(credential -> !credential.revoked());
  }
}
