package dev.junction.store;

import static dev.junction.store.JsonColumns.instant;
import static dev.junction.store.JsonColumns.nanos;

import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.TrunkQuery;
import dev.junction.core.trunk.JointKind;
import dev.junction.core.trunk.Trunk;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The trunks' rows, and the ports each trunk holds. */
final class TrunkRows {
  private static final String TRUNK_COLUMNS =
      "seq, id, scope, name, description, labels, pop_id, joint, capacity_mbps,"
          + " deletion_protection, status, created_at, revision";

  private final Statements sql;

  TrunkRows(Statements sql) {
    this.sql = sql;
  }

  private static Trunk trunk(ResultSet row) throws SQLException {
    return new Trunk(
        row.getString("id"),
        row.getString("scope"),
        row.getString("name"),
        row.getString("description"),
        JsonColumns.labels(row.getString("labels")),
        row.getString("pop_id"),
        JsonColumns.joint(row.getString("joint")),
        Bandwidth.mbps(row.getLong("capacity_mbps")),
        row.getLong("deletion_protection") != 0,
        ResourceStatus.valueOf(row.getString("status")),
        instant(row.getLong("created_at")),
        row.getLong("revision"));
  }

  void lockTrunk(String trunkId) {
    sql.requireWritable();
    sql.query(
        sql.locked("SELECT id FROM trunks WHERE id = ?"), s -> s.setString(1, trunkId), r -> r);
  }

  Optional<Trunk> trunk(String id) {
    return sql.queryOne(
        sql.locked("SELECT " + TRUNK_COLUMNS + " FROM trunks WHERE id = ?"),
        s -> s.setString(1, id),
        TrunkRows::trunk);
  }

  Page<Trunk> trunks(TrunkQuery query, PageRequest page) {
    StringBuilder select =
        new StringBuilder("SELECT " + TRUNK_COLUMNS + " FROM trunks WHERE scope = ?");
    List<Object> values = new ArrayList<>(List.of(query.scope()));
    Statements.appendNames(select, values, query.names());
    query.popIds().ifPresent(pops -> Statements.appendIn(select, values, "pop_id", pops));
    query
        .jointKinds()
        .ifPresent(
            kinds ->
                Statements.appendIn(
                    select, values, "joint_kind", kinds.stream().map(Enum::name).toList()));
    return sql.page(select.toString(), values, page, false, TrunkRows::trunk);
  }

  int countTrunks(String scope) {
    return sql.count("SELECT COUNT(*) FROM trunks WHERE scope = ?", s -> s.setString(1, scope));
  }

  List<Trunk> trunksOnRouter(String routerId) {
    return sql.query(
        "SELECT "
            + TRUNK_COLUMNS
            + " FROM trunks WHERE id IN (SELECT tp.trunk_id FROM trunk_ports tp"
            + " JOIN ports p ON p.id = tp.port_id WHERE p.router_id = ?) ORDER BY seq",
        s -> s.setString(1, routerId),
        TrunkRows::trunk);
  }

  void insertTrunk(Trunk trunk, String routerId) {
    sql.update(
        "INSERT INTO trunks (id, scope, name, description, labels, pop_id, joint, capacity_mbps,"
            + " deletion_protection, status, created_at, revision, joint_kind)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          int next = bindTrunk(s, trunk, 1);
          s.setString(next, JointKind.of(trunk.joint()).name());
        });
    for (String portId : trunk.joint().portIds()) {
      sql.update(
          "INSERT INTO trunk_ports (trunk_id, port_id) VALUES (?, ?)",
          s -> {
            s.setString(1, trunk.id());
            s.setString(2, portId);
          });
    }
  }

  private static int bindTrunk(PreparedStatement s, Trunk trunk, int first) throws SQLException {
    int i = first;
    s.setString(i++, trunk.id());
    s.setString(i++, trunk.scope());
    s.setString(i++, trunk.name());
    s.setString(i++, trunk.description());
    s.setString(i++, JsonColumns.labels(trunk.labels()));
    s.setString(i++, trunk.popId());
    s.setString(i++, JsonColumns.joint(trunk.joint()));
    s.setLong(i++, trunk.capacity().mbps());
    s.setLong(i++, trunk.deletionProtection() ? 1 : 0);
    s.setString(i++, trunk.status().name());
    s.setLong(i++, nanos(trunk.createdAt()));
    s.setLong(i++, trunk.revision());
    return i;
  }

  void updateTrunk(Trunk trunk) {
    sql.updateOne(
        "UPDATE trunks SET scope = ?, name = ?, description = ?, labels = ?, pop_id = ?,"
            + " joint = ?, capacity_mbps = ?, deletion_protection = ?, status = ?, created_at = ?,"
            + " revision = ?, joint_kind = ? WHERE id = ?",
        "trunk " + trunk.id(),
        s -> {
          s.setString(1, trunk.scope());
          s.setString(2, trunk.name());
          s.setString(3, trunk.description());
          s.setString(4, JsonColumns.labels(trunk.labels()));
          s.setString(5, trunk.popId());
          s.setString(6, JsonColumns.joint(trunk.joint()));
          s.setLong(7, trunk.capacity().mbps());
          s.setLong(8, trunk.deletionProtection() ? 1 : 0);
          s.setString(9, trunk.status().name());
          s.setLong(10, nanos(trunk.createdAt()));
          s.setLong(11, trunk.revision());
          s.setString(12, JointKind.of(trunk.joint()).name());
          s.setString(13, trunk.id());
        });
  }

  void deleteTrunk(String id) {
    sql.update("DELETE FROM trunk_ports WHERE trunk_id = ?", s -> s.setString(1, id));
    sql.update("DELETE FROM observations WHERE subject_id = ?", s -> s.setString(1, id));
    sql.updateOne("DELETE FROM trunks WHERE id = ?", "trunk " + id, s -> s.setString(1, id));
  }
}
