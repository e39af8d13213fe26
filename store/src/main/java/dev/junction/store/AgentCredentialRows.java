package dev.junction.store;

import static dev.junction.store.JsonColumns.instant;
import static dev.junction.store.JsonColumns.nanos;

import dev.junction.core.network.AgentCredential;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rows of router agents' credentials. Only the digest of a secret is stored, and it is never
 * read back out: a credential is found by it.
 */
final class AgentCredentialRows {
  private static final String CREDENTIAL_COLUMNS = "id, router_id, name, created_at, revoked_at";

  private final Statements sql;

  AgentCredentialRows(Statements sql) {
    this.sql = sql;
  }

  private static AgentCredential credential(ResultSet row) throws SQLException {
    return new AgentCredential(
        row.getString("id"),
        row.getString("router_id"),
        row.getString("name"),
        instant(row.getLong("created_at")),
        Statements.optionalInstant(row, "revoked_at"));
  }

  void insert(AgentCredential credential, String digest) {
    sql.update(
        "INSERT INTO agent_credentials (id, router_id, name, digest, created_at, revoked_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        s -> {
          s.setString(1, credential.id());
          s.setString(2, credential.routerId());
          s.setString(3, credential.name());
          s.setString(4, digest);
          s.setLong(5, nanos(credential.createdAt()));
          Statements.setOptionalInstant(s, 6, credential.revokedAt());
        });
  }

  void revoke(String id, Instant at) {
    sql.update(
        "UPDATE agent_credentials SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        s -> {
          s.setLong(1, nanos(at));
          s.setString(2, id);
        });
  }

  Optional<AgentCredential> credential(String id) {
    return sql.queryOne(
        "SELECT " + CREDENTIAL_COLUMNS + " FROM agent_credentials WHERE id = ?",
        s -> s.setString(1, id),
        AgentCredentialRows::credential);
  }

  Optional<AgentCredential> credentialByDigest(String digest) {
    return sql.queryOne(
        "SELECT " + CREDENTIAL_COLUMNS + " FROM agent_credentials WHERE digest = ?",
        s -> s.setString(1, digest),
        AgentCredentialRows::credential);
  }

  List<AgentCredential> credentials(Optional<String> routerId) {
    return sql.query(
        "SELECT "
            + CREDENTIAL_COLUMNS
            + " FROM agent_credentials"
            + (routerId.isPresent() ? " WHERE router_id = ?" : "")
            + " ORDER BY seq",
        s -> {
          if (routerId.isPresent()) {
            s.setString(1, routerId.get());
          }
        },
        AgentCredentialRows::credential);
  }
}
