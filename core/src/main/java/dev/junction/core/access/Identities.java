package dev.junction.core.access;

import static java.util.Objects.requireNonNull;

import dev.junction.core.operation.Ids;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.problem.Violations;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.store.UniqueViolation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The use cases on tenants, principals, grants and credentials: the operator manages them, and
 * every request is authenticated through them ({@link CredentialCache} in front, which keeps
 * confirmed credentials for at most a second and forgets those a change here touched).
 */
public final class Identities {
  /** Prefix of API token secrets. */
  public static final String TOKEN_PREFIX = "jct_";

  /** Prefix of global key secrets. */
  public static final String GLOBAL_KEY_PREFIX = "jck_";

  /** The tenant of the provider itself, which the bootstrap operator belongs to. */
  public static final String PROVIDER_TENANT = "provider";

  /** The principal the bootstrap credentials stand for. */
  public static final String BOOTSTRAP_OPERATOR = "operator";

  /** The id of the bootstrap operator's first token: there is one, whichever replica made it. */
  public static final String BOOTSTRAP_TOKEN = "tok-bootstrap";

  private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}");
  private static final int MAX_NAME = 100;
  private static final Duration MAX_TTL = Duration.ofDays(3650);

  private final Store store;
  private final InstantSource clock;
  private final Ids ids;
  private final List<Consumer<String>> credentialListeners = new CopyOnWriteArrayList<>();

  public Identities(Store store, InstantSource clock, Ids ids) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.ids = requireNonNull(ids, "ids");
  }

  /** A token just made, with its secret: the only time the secret is known. */
  public record IssuedToken(ApiToken token, String secret) {
    @Override
    public String toString() {
      return "IssuedToken[id=" + token.id() + "]";
    }
  }

  // Authentication.

  /** Returns who the API token {@code secret} stands for, if it is known, unexpired, unrevoked. */
  public Optional<Identity> authenticate(String secret) {
    return verifyToken(Secrets.digest(secret)).map(Verified::identity);
  }

  /** Returns who {@code email} and global {@code key} stand for, if they match. */
  public Optional<Identity> authenticateGlobalKey(String email, String key) {
    return verifyGlobalKey(email, Secrets.digest(key)).map(Verified::identity);
  }

  /**
   * Calls {@code listener} with a principal's id after a commit on this replica revoked one of its
   * tokens, replaced its global key, or changed its grants: what {@link CredentialCache} drops.
   */
  public void onCredentialsChanged(Consumer<String> listener) {
    credentialListeners.add(requireNonNull(listener, "listener"));
  }

  /** Who a credential stands for, and until when the credential is valid, as the store has it. */
  record Verified(Identity identity, Optional<Instant> expiresAt) {}

  /** Looks up the token whose secret has the digest {@code digest}, if it is valid now. */
  Optional<Verified> verifyToken(String digest) {
    Instant now = clock.instant();
    return store.read(
        tx ->
            tx.tokenByDigest(digest)
                .filter(token -> token.isValidAt(now))
                .flatMap(
                    token ->
                        tx.principal(token.principalId())
                            .map(
                                principal ->
                                    new Verified(
                                        identity(tx, principal, token.id()), token.expiresAt()))));
  }

  /** Looks up the principal of {@code email} if its global key's digest is {@code keyDigest}. */
  Optional<Verified> verifyGlobalKey(String email, String keyDigest) {
    byte[] digest = keyDigest.getBytes(StandardCharsets.US_ASCII);
    return store.read(
        tx ->
            tx.principalByEmail(normalEmail(email))
                .filter(
                    principal ->
                        tx.globalKeyDigest(principal.id())
                            .map(
                                d ->
                                    MessageDigest.isEqual(
                                        d.getBytes(StandardCharsets.US_ASCII), digest))
                            .orElse(false))
                .map(
                    principal ->
                        new Verified(
                            identity(tx, principal, "global-key:" + principal.id()),
                            Optional.empty())));
  }

  private void credentialsChanged(String principalId) {
    credentialListeners.forEach(listener -> listener.accept(principalId));
  }

  private static Identity identity(ReadTx tx, Principal principal, String credentialId) {
    return new Identity(
        principal, Access.of(principal.operator(), tx.grantsOf(principal.id())), credentialId);
  }

  /**
   * What {@link #bootstrap} found: whether this call stored the bootstrap token and global key (it
   * was the first), and whether the ones it was given are the operator's (they are if it stored
   * them, or if an earlier bootstrap stored the same ones). It never holds a secret.
   */
  public record Bootstrapped(
      boolean tokenStored,
      boolean tokenAccepted,
      boolean globalKeyStored,
      boolean globalKeyAccepted) {}

  /**
   * Makes sure the bootstrap operator exists and has a bootstrap token and a global key: the first
   * call on a database stores {@code tokenSecret} and {@code globalKeySecret}, and later calls (a
   * restart, or another replica on the same database) change nothing, whatever they are given.
   * Every row is inserted under its key ({@code ON CONFLICT DO NOTHING}) and the global key is set
   * only where there is none, so the database decides which of several replicas starting at once is
   * first. Returns whether the given credentials are the operator's.
   */
  public Bootstrapped bootstrap(String email, String tokenSecret, String globalKeySecret) {
    Instant now = clock.instant();
    String tokenDigest = Secrets.digest(tokenSecret);
    String keyDigest = Secrets.digest(globalKeySecret);
    return store.write(
        tx -> {
          tx.insertTenantIfAbsent(new Tenant(PROVIDER_TENANT, "the provider", now));
          tx.insertPrincipalIfAbsent(
              new Principal(
                  BOOTSTRAP_OPERATOR,
                  PROVIDER_TENANT,
                  PrincipalKind.USER,
                  "bootstrap operator",
                  Optional.of(normalEmail(email)),
                  true,
                  now));
          boolean tokenStored =
              tx.insertTokenIfAbsent(
                  new ApiToken(
                      BOOTSTRAP_TOKEN,
                      BOOTSTRAP_OPERATOR,
                      "bootstrap",
                      now,
                      Optional.empty(),
                      Optional.empty()),
                  tokenDigest);
          boolean keyStored = tx.saveGlobalKeyDigestIfAbsent(BOOTSTRAP_OPERATOR, keyDigest);
          boolean tokenAccepted =
              tx.tokenByDigest(tokenDigest)
                  .filter(token -> token.principalId().equals(BOOTSTRAP_OPERATOR))
                  .filter(token -> token.isValidAt(now))
                  .isPresent();
          boolean keyAccepted =
              tx.globalKeyDigest(BOOTSTRAP_OPERATOR)
                  .map(
                      stored ->
                          MessageDigest.isEqual(
                              stored.getBytes(StandardCharsets.US_ASCII),
                              keyDigest.getBytes(StandardCharsets.US_ASCII)))
                  .orElse(false);
          return new Bootstrapped(tokenStored, tokenAccepted, keyStored, keyAccepted);
        });
  }

  // Tenants and their scopes.

  public Tenant createTenant(Caller caller, String name) {
    AccessGuard.operator(caller, "managing tenants");
    requireName("name", name);
    Tenant tenant = new Tenant(ids.next("tnt"), name, clock.instant());
    return store.write(
        tx -> {
          tx.insertTenant(tenant);
          return tenant;
        });
  }

  public Tenant tenant(Caller caller, String id) {
    AccessGuard.operator(caller, "managing tenants");
    return store.read(tx -> tenantOf(tx, id));
  }

  public List<Tenant> tenants(Caller caller) {
    AccessGuard.operator(caller, "managing tenants");
    return store.read(ReadTx::tenants);
  }

  /** Gives {@code scope} (a folder, an account) to {@code tenantId}; a scope has one owner. */
  public void addScope(Caller caller, String tenantId, String scope) {
    AccessGuard.operator(caller, "managing tenants");
    if (!SCOPE.matcher(scope).matches()) {
      throw ProblemException.invalid(
          "scope",
          "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    store.write(
        tx -> {
          tenantOf(tx, tenantId);
          Optional<String> owner = tx.scopeOwner(scope);
          if (owner.isPresent()) {
            if (owner.get().equals(tenantId)) {
              return null;
            }
            throw ProblemException.invalid("scope", "belongs to another tenant");
          }
          try {
            tx.insertScope(scope, tenantId);
          } catch (UniqueViolation raced) {
            throw ProblemException.invalid("scope", "belongs to another tenant");
          }
          return null;
        });
  }

  public List<String> scopes(Caller caller, String tenantId) {
    AccessGuard.operator(caller, "managing tenants");
    return store.read(
        tx -> {
          tenantOf(tx, tenantId);
          return tx.scopesOf(tenantId);
        });
  }

  // Principals and their grants.

  /**
   * Adds a user or service account to {@code tenantId}. Only a principal of the provider's own
   * tenant may be an operator.
   */
  public Principal createPrincipal(
      Caller caller,
      String tenantId,
      PrincipalKind kind,
      String name,
      Optional<String> email,
      boolean operator) {
    AccessGuard.operator(caller, "managing principals");
    Violations violations = new Violations();
    if (name.isBlank() || name.length() > MAX_NAME) {
      violations.add("name", "must be 1 to " + MAX_NAME + " characters");
    }
    Optional<String> normalEmail = email.filter(e -> !e.isEmpty()).map(Identities::normalEmail);
    if (normalEmail.isPresent() && !EMAIL.matcher(normalEmail.get()).matches()) {
      violations.add("email", "must be an email address");
    }
    if (operator && !tenantId.equals(PROVIDER_TENANT)) {
      violations.add(
          "operator", "only principals of the tenant \"" + PROVIDER_TENANT + "\" may be operators");
    }
    violations.throwIfAny();
    Principal principal =
        new Principal(
            ids.next("prn"), tenantId, kind, name, normalEmail, operator, clock.instant());
    return store.write(
        tx -> {
          tenantOf(tx, tenantId);
          try {
            tx.insertPrincipal(principal);
          } catch (UniqueViolation violation) {
            throw ProblemException.invalid("email", "is already used by another principal");
          }
          return principal;
        });
  }

  public List<Principal> principals(Caller caller, Optional<String> tenantId) {
    AccessGuard.operator(caller, "managing principals");
    return store.read(tx -> tx.principals(tenantId));
  }

  /**
   * Gives {@code principalId} the role {@code roleName} in {@code scope}, which must belong to the
   * principal's tenant.
   */
  public Grant grant(Caller caller, String principalId, String scope, String roleName) {
    AccessGuard.operator(caller, "managing grants");
    Role role = role(roleName);
    Grant granted =
        store.write(
            tx -> {
              Principal principal = principalOf(tx, principalId);
              if (!tx.scopeOwner(scope).map(principal.tenantId()::equals).orElse(false)) {
                throw ProblemException.invalid(
                    "scope",
                    "must be a scope of the principal's tenant (add it to the tenant first)");
              }
              Grant grant = new Grant(principalId, scope, role);
              tx.insertGrant(grant);
              return grant;
            });
    credentialsChanged(principalId);
    return granted;
  }

  /** Takes the role {@code roleName} in {@code scope} away from {@code principalId}. */
  public void revokeGrant(Caller caller, String principalId, String scope, String roleName) {
    AccessGuard.operator(caller, "managing grants");
    Role role = role(roleName);
    store.write(
        tx -> {
          principalOf(tx, principalId);
          if (!tx.deleteGrant(new Grant(principalId, scope, role))) {
            throw ProblemException.notFound("grant", role.wireName() + " on " + scope);
          }
          return null;
        });
    credentialsChanged(principalId);
  }

  public List<Grant> grants(Caller caller, String principalId) {
    AccessGuard.operator(caller, "managing grants");
    return store.read(
        tx -> {
          principalOf(tx, principalId);
          return tx.grantsOf(principalId);
        });
  }

  // Credentials.

  /**
   * Makes an API token for {@code principalId}, valid for {@code ttl} if given, else until revoked.
   */
  public IssuedToken createToken(
      Caller caller, String principalId, String name, Optional<Duration> ttl) {
    AccessGuard.operator(caller, "managing tokens");
    requireName("name", name);
    if (ttl.isPresent()
        && (ttl.get().isNegative() || ttl.get().isZero() || ttl.get().compareTo(MAX_TTL) > 0)) {
      throw ProblemException.invalid("ttl", "must be positive and at most 3650 days");
    }
    Instant now = clock.instant();
    String secret = Secrets.newSecret(TOKEN_PREFIX);
    ApiToken token =
        new ApiToken(ids.next("tok"), principalId, name, now, ttl.map(now::plus), Optional.empty());
    return store.write(
        tx -> {
          principalOf(tx, principalId);
          tx.insertToken(token, Secrets.digest(secret));
          return new IssuedToken(token, secret);
        });
  }

  public List<ApiToken> tokens(Caller caller, Optional<String> principalId) {
    AccessGuard.operator(caller, "managing tokens");
    return store.read(tx -> tx.tokens(principalId));
  }

  /**
   * Revokes token {@code id}: refused at once here, and within the cache bound on every replica.
   */
  public ApiToken revokeToken(Caller caller, String id) {
    AccessGuard.operator(caller, "managing tokens");
    ApiToken revoked =
        store.write(
            tx -> {
              tx.token(id).orElseThrow(() -> ProblemException.notFound("token", id));
              tx.revokeToken(id, clock.instant());
              return tx.token(id).orElseThrow();
            });
    credentialsChanged(revoked.principalId());
    return revoked;
  }

  /**
   * Makes a new global key for {@code principalId}, which must have an email; it replaces any
   * earlier key. Returns the key: the only time it is known.
   */
  public String createGlobalKey(Caller caller, String principalId) {
    AccessGuard.operator(caller, "managing tokens");
    String key = Secrets.newSecret(GLOBAL_KEY_PREFIX);
    String made =
        store.write(
            tx -> {
              Principal principal = principalOf(tx, principalId);
              if (principal.email().isEmpty()) {
                throw ProblemException.failedPrecondition(
                    "principal " + principalId + " has no email; a global key goes with an email");
              }
              tx.saveGlobalKeyDigest(principalId, Secrets.digest(key));
              return key;
            });
    credentialsChanged(principalId);
    return made;
  }

  private static Tenant tenantOf(ReadTx tx, String id) {
    return tx.tenant(id).orElseThrow(() -> ProblemException.notFound("tenant", id));
  }

  private static Principal principalOf(ReadTx tx, String id) {
    return tx.principal(id).orElseThrow(() -> ProblemException.notFound("principal", id));
  }

  private static Role role(String name) {
    return Role.named(name)
        .orElseThrow(
            () ->
                ProblemException.invalid(
                    "role",
                    "must be one of viewer, editor, Magic WAN Read, Magic WAN Write, Magic"
                        + " Transit Read, Magic Transit Write"));
  }

  private static void requireName(String field, String name) {
    if (name.isBlank() || name.length() > MAX_NAME) {
      throw ProblemException.invalid(field, "must be 1 to " + MAX_NAME + " characters");
    }
  }

  static String normalEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }
}
