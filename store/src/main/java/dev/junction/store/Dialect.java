package dev.junction.store;

import dev.junction.core.store.UniqueKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What differs between the database engines: how a broken uniqueness rule is reported, how rows are
 * locked, how operations are claimed, and how other processes hear that a router changed. All other
 * SQL is shared.
 */
interface Dialect {

  /** Returns the rule a statement broke, or empty if {@code e} is not a unique violation. */
  Optional<UniqueKey> uniqueViolation(SQLException e);

  /**
   * Returns whether {@code e} says the database undid the transaction for a deadlock or a
   * serialization failure, so that running it again may succeed.
   */
  boolean mustRunAgain(SQLException e);

  /** Returns the SQL expression of the string {@code key} of the JSON object in {@code column}. */
  String jsonText(String column, String key);

  /** Returns the clause that locks the rows a read in a write transaction returns, or "". */
  String lockRows();

  /**
   * Returns the clause that locks rows about to be updated without changing their keys, or "": the
   * lock lets others keep the rows' keys ({@link #keepRows}) meanwhile.
   */
  String lockRowsForChange();

  /**
   * Returns the clause that locks the rows a read returns, skipping those another transaction has
   * locked, or "" where one writer runs at a time.
   */
  String lockRowsSkippingLocked();

  /**
   * Returns the clause that keeps the rows a read returns from being deleted (or their keys
   * changed) until the transaction ends, or "": a concurrent delete either committed before the
   * read (and the read finds nothing) or waits for this transaction.
   */
  String keepRows();

  /**
   * Tells other processes on the same database that {@code routerIds} changed and, if {@code
   * operationsDue}, that operations were inserted or made due, in a transaction of its own on
   * {@code connection}, which is in manual-commit mode with none open (the write's has committed);
   * does nothing where the engine cannot (a database only one process opens).
   */
  void announce(Connection connection, Collection<String> routerIds, boolean operationsDue)
      throws SQLException;

  /** Holds {@code scope} until the transaction ends. */
  void lockScope(Connection connection, String scope) throws SQLException;

  /** The kind of thing {@link #tryHold} holds: a CNI's subnet, by its network address. */
  int HOLD_CNI_SUBNET = 1;

  /**
   * Holds {@code key} of {@code kind} until the transaction ends and returns true, or returns false
   * at once if another transaction holds it; where one writer runs at a time, returns true.
   */
  boolean tryHold(Connection connection, int kind, long key) throws SQLException;

  /**
   * Leases up to {@code limit} due operations to {@code worker} in one step, and returns their ids
   * in claim order. The scopes take turns ({@link #FAIR_ORDER}): the first due operation of every
   * scope comes before the second of any, so one tenant's burst does not starve another's work.
   */
  List<String> claim(Connection connection, String worker, long now, long leaseUntil, int limit)
      throws SQLException;

  /**
   * The due, unleased operations (parameters: now, now) numbered within their scope by due time
   * ({@code turn}), for a claim to order by turn, then due time.
   */
  String FAIR_ORDER =
      "SELECT id, resource_type, next_run_at, seq, row_number() OVER (PARTITION BY scope ORDER BY next_run_at,"
          + " seq) AS turn FROM operations WHERE done = 0 AND next_run_at <= ?"
          + " AND (lease_until IS NULL OR lease_until < ?)";

  /** Maps the column list of a unique index or constraint to the rule it enforces. */
  static Optional<UniqueKey> keyOf(String constraint) {
    String name = constraint.toLowerCase(java.util.Locale.ROOT);
    if (name.contains("trunks_name_in_scope") || name.contains("trunks.scope, trunks.name")) {
      return Optional.of(UniqueKey.TRUNK_NAME);
    }
    if (name.contains("trunk_ports_port") || name.contains("trunk_ports.port_id")) {
      return Optional.of(UniqueKey.PORT);
    }
    if (name.contains("attachments_cni_on_trunk")
        || name.endsWith("attachments.trunk_id)")
        || name.endsWith("attachments.trunk_id")) {
      return Optional.of(UniqueKey.CNI_ON_TRUNK);
    }
    if (name.contains("attachments_cni_subnet") || name.contains("attachments.subnet")) {
      return Optional.of(UniqueKey.CNI_SUBNET);
    }
    if (name.contains("attachments_name_in_scope") || name.contains("attachments.name")) {
      return Optional.of(UniqueKey.ATTACHMENT_NAME);
    }
    if (name.contains("attachments_vlan_on_trunk") || name.contains("attachments.vlan")) {
      return Optional.of(UniqueKey.VLAN);
    }
    if (name.contains("idempotency_claims")
        || name.contains("operations_idempotency_key")
        || name.contains("operations.idempotency_key")) {
      return Optional.of(UniqueKey.IDEMPOTENCY_KEY);
    }
    if (name.contains("principals_email") || name.contains("principals.email")) {
      return Optional.of(UniqueKey.PRINCIPAL_EMAIL);
    }
    if (name.contains("tenant_scopes")) {
      return Optional.of(UniqueKey.SCOPE);
    }
    return Optional.of(UniqueKey.ID);
  }
}
