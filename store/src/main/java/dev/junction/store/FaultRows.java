package dev.junction.store;

import dev.junction.core.network.FaultKind;
import dev.junction.core.network.NetworkFault;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** The rows of faults injected into simulated routers, one per router, kind and target. */
final class FaultRows {
  private static final String FAULT_COLUMNS = "router_id, kind, target, reason";

  private final Statements sql;

  FaultRows(Statements sql) {
    this.sql = sql;
  }

  private static NetworkFault fault(ResultSet row) throws SQLException {
    return new NetworkFault(
        row.getString("router_id"),
        FaultKind.valueOf(row.getString("kind")),
        row.getString("target"),
        row.getString("reason"));
  }

  void save(NetworkFault fault) {
    sql.update(
        "INSERT INTO network_faults (router_id, kind, target, reason, attachment_id)"
            + " VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (router_id, kind, target) DO UPDATE SET reason = excluded.reason",
        s -> {
          s.setString(1, fault.routerId());
          s.setString(2, fault.kind().name());
          s.setString(3, fault.target());
          s.setString(4, fault.reason());
          // A session's fault belongs to its attachment, and is deleted with it.
          if (fault.kind() == FaultKind.SESSION) {
            s.setString(5, fault.target());
          } else {
            s.setNull(5, Types.VARCHAR);
          }
        });
  }

  boolean delete(String routerId, FaultKind kind, String target) {
    return sql.update(
            "DELETE FROM network_faults WHERE router_id = ? AND kind = ? AND target = ?",
            s -> {
              s.setString(1, routerId);
              s.setString(2, kind.name());
              s.setString(3, target);
            })
        == 1;
  }

  /** Returns router {@code routerId}'s faults, ordered by kind (by name) and target. */
  List<NetworkFault> faults(String routerId) {
    return sql.query(
        "SELECT "
            + FAULT_COLUMNS
            + " FROM network_faults WHERE router_id = ? ORDER BY kind, target",
        s -> s.setString(1, routerId),
        FaultRows::fault);
  }

  List<NetworkFault> faults() {
    return sql.query(
        "SELECT " + FAULT_COLUMNS + " FROM network_faults ORDER BY router_id, kind, target",
        s -> {},
        FaultRows::fault);
  }
}
