package dev.junction.store;

import static dev.junction.store.JsonColumns.nanos;

import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.RouterStatus;
import dev.junction.core.store.LeaseLost;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who drives each router: one row per router with its owner, the owner's epoch and lease, and what
 * the owner last reported. The row is apart from the router's desired sequence, so reports and
 * changes never wait for each other. A claim is one statement that the database decides: of several
 * owners claiming a free router at once, exactly one gets the next epoch.
 */
final class RouterOwners {
  private static final String STATUS =
      "SELECT s.router_id, s.desired_seq, o.applied_seq, o.header_hash, o.owner, o.epoch,"
          + " o.lease_until, o.last_heard_at, o.agent"
          + " FROM router_sequences s JOIN router_owners o ON o.router_id = s.router_id";

  private final Statements sql;

  RouterOwners(Statements sql) {
    this.sql = sql;
  }

  /** Gives router {@code routerId} an ownership row, with no owner, unless it has one. */
  void createIfAbsent(String routerId) {
    sql.update(
        "INSERT INTO router_owners (router_id, epoch, applied_seq, header_hash)"
            + " VALUES (?, 0, 0, '') ON CONFLICT (router_id) DO NOTHING",
        s -> s.setString(1, routerId));
  }

  /**
   * Makes {@code owner} the owner with the next epoch, if the router has no owner, the owner's
   * lease expired before {@code now}, the owner is {@code owner} already, or {@code takeOver}.
   */
  OptionalLong claim(
      String routerId, String owner, Instant now, Instant leaseUntil, boolean takeOver) {
    String free =
        takeOver
            ? ""
            : " AND (owner IS NULL OR lease_until IS NULL OR lease_until < ? OR owner = ?)";
    return sql
        .change(
            "UPDATE router_owners SET owner = ?, epoch = epoch + 1, lease_until = ?"
                + " WHERE router_id = ?"
                + free
                + " RETURNING epoch",
            s -> {
              s.setString(1, owner);
              s.setLong(2, nanos(leaseUntil));
              s.setString(3, routerId);
              if (!takeOver) {
                s.setLong(4, nanos(now));
                s.setString(5, owner);
              }
            },
            row -> row.getLong(1))
        .stream()
        .mapToLong(Long::longValue)
        .findFirst();
  }

  boolean renew(String routerId, String owner, long epoch, Instant leaseUntil) {
    return sql.update(
            "UPDATE router_owners SET lease_until = ?"
                + " WHERE router_id = ? AND owner = ? AND epoch = ?",
            s -> {
              s.setLong(1, nanos(leaseUntil));
              s.setString(2, routerId);
              s.setString(3, owner);
              s.setLong(4, epoch);
            })
        == 1;
  }

  void release(String routerId, String owner, long epoch, Instant now) {
    sql.update(
        "UPDATE router_owners SET owner = NULL, lease_until = ?"
            + " WHERE router_id = ? AND owner = ? AND epoch = ?",
        s -> {
          s.setLong(1, nanos(now));
          s.setString(2, routerId);
          s.setString(3, owner);
          s.setLong(4, epoch);
        });
  }

  /**
   * Locks router {@code routerId}'s ownership row until the transaction ends and checks that an
   * owner holds it at {@code epoch}.
   *
   * @throws LeaseLost if the epoch is over, or the owner let the router go
   */
  void check(String routerId, long epoch) {
    sql.requireWritable();
    boolean current =
        sql.queryOne(
                sql.locked("SELECT epoch, owner FROM router_owners WHERE router_id = ?"),
                s -> s.setString(1, routerId),
                row -> row.getLong("epoch") == epoch && row.getString("owner") != null)
            .orElse(false);
    if (!current) {
      throw LeaseLost.ofRouter(routerId, epoch);
    }
  }

  /**
   * Records a report: when it came, the desired sequence it runs (never moving back), the header's
   * digest, the agent, and the lease it extends.
   */
  void heard(
      String routerId,
      Instant at,
      long appliedSeq,
      String headerHash,
      AgentInfo agent,
      Instant leaseUntil) {
    sql.updateOne(
        "UPDATE router_owners SET last_heard_at = ?,"
            + " applied_seq = CASE WHEN applied_seq < ? THEN ? ELSE applied_seq END,"
            + " header_hash = ?, agent = ?, lease_until = ? WHERE router_id = ?",
        "router " + routerId,
        s -> {
          s.setLong(1, nanos(at));
          s.setLong(2, appliedSeq);
          s.setLong(3, appliedSeq);
          s.setString(4, headerHash);
          s.setString(5, JsonColumns.agent(agent));
          s.setLong(6, nanos(leaseUntil));
          s.setString(7, routerId);
        });
  }

  Optional<RouterStatus> status(String routerId) {
    return sql.queryOne(
        STATUS + " WHERE s.router_id = ?", s -> s.setString(1, routerId), RouterOwners::status);
  }

  List<RouterStatus> statuses() {
    return sql.query(STATUS + " ORDER BY s.router_id", s -> {}, RouterOwners::status);
  }

  private static RouterStatus status(ResultSet row) throws SQLException {
    String agent = row.getString("agent");
    return new RouterStatus(
        row.getString("router_id"),
        row.getLong("desired_seq"),
        row.getLong("applied_seq"),
        row.getString("header_hash"),
        Optional.ofNullable(row.getString("owner")),
        row.getLong("epoch"),
        Statements.optionalInstant(row, "lease_until"),
        Statements.optionalInstant(row, "last_heard_at"),
        agent == null ? Optional.empty() : Optional.of(JsonColumns.agent(agent)));
  }
}
