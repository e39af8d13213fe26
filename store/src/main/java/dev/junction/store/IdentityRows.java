package dev.junction.store;

import static dev.junction.store.JsonColumns.instant;
import static dev.junction.store.JsonColumns.nanos;

import dev.junction.core.access.ApiToken;
import dev.junction.core.access.Grant;
import dev.junction.core.access.Principal;
import dev.junction.core.access.PrincipalKind;
import dev.junction.core.access.Role;
import dev.junction.core.access.Tenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rows of who may call: tenants and the scopes they own, principals, their grants, and their
 * credentials, stored only as digests.
 */
final class IdentityRows {
  private static final String PRINCIPAL_COLUMNS =
      "id, tenant_id, kind, name, email, operator, created_at";
  private static final String TOKEN_COLUMNS =
      "id, principal_id, name, created_at, expires_at, revoked_at";

  private final Statements sql;

  IdentityRows(Statements sql) {
    this.sql = sql;
  }

  // Tenants and their scopes.

  private static Tenant tenant(ResultSet row) throws SQLException {
    return new Tenant(
        row.getString("id"), row.getString("name"), instant(row.getLong("created_at")));
  }

  Optional<Tenant> tenant(String id) {
    return sql.queryOne(
        "SELECT id, name, created_at FROM tenants WHERE id = ?",
        s -> s.setString(1, id),
        IdentityRows::tenant);
  }

  List<Tenant> tenants() {
    return sql.query(
        "SELECT id, name, created_at FROM tenants ORDER BY seq", s -> {}, IdentityRows::tenant);
  }

  void insertTenant(Tenant tenant) {
    insertTenant(tenant, "");
  }

  boolean insertTenantIfAbsent(Tenant tenant) {
    return insertTenant(tenant, " ON CONFLICT DO NOTHING") == 1;
  }

  private int insertTenant(Tenant tenant, String onConflict) {
    return sql.update(
        "INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)" + onConflict,
        s -> {
          s.setString(1, tenant.id());
          s.setString(2, tenant.name());
          s.setLong(3, nanos(tenant.createdAt()));
        });
  }

  Optional<String> scopeOwner(String scope) {
    return sql.queryOne(
        "SELECT tenant_id FROM tenant_scopes WHERE scope = ?",
        s -> s.setString(1, scope),
        row -> row.getString(1));
  }

  List<String> scopesOf(String tenantId) {
    return sql.query(
        "SELECT scope FROM tenant_scopes WHERE tenant_id = ? ORDER BY scope",
        s -> s.setString(1, tenantId),
        row -> row.getString(1));
  }

  void insertScope(String scope, String tenantId) {
    sql.update(
        "INSERT INTO tenant_scopes (scope, tenant_id) VALUES (?, ?)",
        s -> {
          s.setString(1, scope);
          s.setString(2, tenantId);
        });
  }

  void lockScope(String scope) {
    sql.requireWritable();
    sql.onConnection(
        (connection, dialect) -> {
          dialect.lockScope(connection, scope);
          return null;
        });
  }

  // Principals and their grants.

  private static Principal principal(ResultSet row) throws SQLException {
    return new Principal(
        row.getString("id"),
        row.getString("tenant_id"),
        PrincipalKind.valueOf(row.getString("kind")),
        row.getString("name"),
        Optional.ofNullable(row.getString("email")),
        row.getLong("operator") != 0,
        instant(row.getLong("created_at")));
  }

  Optional<Principal> principal(String id) {
    return sql.queryOne(
        "SELECT " + PRINCIPAL_COLUMNS + " FROM principals WHERE id = ?",
        s -> s.setString(1, id),
        IdentityRows::principal);
  }

  Optional<Principal> principalByEmail(String email) {
    return sql.queryOne(
        "SELECT " + PRINCIPAL_COLUMNS + " FROM principals WHERE email = ?",
        s -> s.setString(1, email),
        IdentityRows::principal);
  }

  List<Principal> principals(Optional<String> tenantId) {
    return sql.query(
        "SELECT "
            + PRINCIPAL_COLUMNS
            + " FROM principals"
            + (tenantId.isPresent() ? " WHERE tenant_id = ?" : "")
            + " ORDER BY seq",
        s -> {
          if (tenantId.isPresent()) {
            s.setString(1, tenantId.get());
          }
        },
        IdentityRows::principal);
  }

  void insertPrincipal(Principal principal) {
    insertPrincipal(principal, "");
  }

  boolean insertPrincipalIfAbsent(Principal principal) {
    return insertPrincipal(principal, " ON CONFLICT DO NOTHING") == 1;
  }

  private int insertPrincipal(Principal principal, String onConflict) {
    return sql.update(
        "INSERT INTO principals (id, tenant_id, kind, name, email, operator, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)"
            + onConflict,
        s -> {
          s.setString(1, principal.id());
          s.setString(2, principal.tenantId());
          s.setString(3, principal.kind().name());
          s.setString(4, principal.name());
          s.setString(5, principal.email().orElse(null));
          s.setLong(6, principal.operator() ? 1 : 0);
          s.setLong(7, nanos(principal.createdAt()));
        });
  }

  Optional<String> globalKeyDigest(String principalId) {
    return sql.queryOne(
            "SELECT global_key_digest FROM principals WHERE id = ?",
            s -> s.setString(1, principalId),
            row -> Optional.ofNullable(row.getString(1)))
        .flatMap(digest -> digest);
  }

  void saveGlobalKeyDigest(String principalId, String digest) {
    sql.updateOne(
        "UPDATE principals SET global_key_digest = ? WHERE id = ?",
        "principal " + principalId,
        s -> {
          s.setString(1, digest);
          s.setString(2, principalId);
        });
  }

  boolean saveGlobalKeyDigestIfAbsent(String principalId, String digest) {
    return sql.update(
            "UPDATE principals SET global_key_digest = ? WHERE id = ? AND global_key_digest IS NULL",
            s -> {
              s.setString(1, digest);
              s.setString(2, principalId);
            })
        == 1;
  }

  List<Grant> grantsOf(String principalId) {
    return sql.query(
        "SELECT principal_id, scope, role FROM grants WHERE principal_id = ? ORDER BY scope, role",
        s -> s.setString(1, principalId),
        row ->
            new Grant(
                row.getString("principal_id"),
                row.getString("scope"),
                Role.valueOf(row.getString("role"))));
  }

  void insertGrant(Grant grant) {
    sql.update(
        "INSERT INTO grants (principal_id, scope, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        s -> {
          s.setString(1, grant.principalId());
          s.setString(2, grant.scope());
          s.setString(3, grant.role().name());
        });
  }

  boolean deleteGrant(Grant grant) {
    return sql.update(
            "DELETE FROM grants WHERE principal_id = ? AND scope = ? AND role = ?",
            s -> {
              s.setString(1, grant.principalId());
              s.setString(2, grant.scope());
              s.setString(3, grant.role().name());
            })
        == 1;
  }

  // API tokens.

  private static ApiToken token(ResultSet row) throws SQLException {
    return new ApiToken(
        row.getString("id"),
        row.getString("principal_id"),
        row.getString("name"),
        instant(row.getLong("created_at")),
        Statements.optionalInstant(row, "expires_at"),
        Statements.optionalInstant(row, "revoked_at"));
  }

  Optional<ApiToken> token(String id) {
    return sql.queryOne(
        "SELECT " + TOKEN_COLUMNS + " FROM api_tokens WHERE id = ?",
        s -> s.setString(1, id),
        IdentityRows::token);
  }

  Optional<ApiToken> tokenByDigest(String digest) {
    return sql.queryOne(
        "SELECT " + TOKEN_COLUMNS + " FROM api_tokens WHERE digest = ?",
        s -> s.setString(1, digest),
        IdentityRows::token);
  }

  List<ApiToken> tokens(Optional<String> principalId) {
    return sql.query(
        "SELECT "
            + TOKEN_COLUMNS
            + " FROM api_tokens"
            + (principalId.isPresent() ? " WHERE principal_id = ?" : "")
            + " ORDER BY seq",
        s -> {
          if (principalId.isPresent()) {
            s.setString(1, principalId.get());
          }
        },
        IdentityRows::token);
  }

  void insertToken(ApiToken token, String digest) {
    insertToken(token, digest, "");
  }

  boolean insertTokenIfAbsent(ApiToken token, String digest) {
    return insertToken(token, digest, " ON CONFLICT DO NOTHING") == 1;
  }

  private int insertToken(ApiToken token, String digest, String onConflict) {
    return sql.update(
        "INSERT INTO api_tokens (id, principal_id, name, digest, created_at, expires_at,"
            + " revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + onConflict,
        s -> {
          s.setString(1, token.id());
          s.setString(2, token.principalId());
          s.setString(3, token.name());
          s.setString(4, digest);
          s.setLong(5, nanos(token.createdAt()));
          Statements.setOptionalInstant(s, 6, token.expiresAt());
          Statements.setOptionalInstant(s, 7, token.revokedAt());
        });
  }

  void revokeToken(String id, Instant at) {
    sql.update(
        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        s -> {
          s.setLong(1, nanos(at));
          s.setString(2, id);
        });
  }
}
