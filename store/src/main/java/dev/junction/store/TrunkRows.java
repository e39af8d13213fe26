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
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The trunks' rows, and the ports each trunk holds. Each trunk is placed on a router when it is
 * inserted and stays there; every change of its revision, and its deletion, advances that router's
 * desired sequence ({@link DesiredSequences}).
 */
final class TrunkRows {
  private static final String TRUNK_COLUMNS =
      "seq, id, scope, name, description, labels, pop_id, joint, capacity_mbps,"
          + " deletion_protection, status, created_at, revision";

  private final Statements sql;
  private final DesiredSequences sequences;

  TrunkRows(Statements sql, DesiredSequences sequences) {
    this.sql = sql;
    this.sequences = sequences;
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
    if (sql.dialect().lockRows().isEmpty()) {
      // SQLite: a write transaction already holds the database's one write lock.
      return;
    }
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
        "SELECT " + TRUNK_COLUMNS + " FROM trunks WHERE router_id = ? ORDER BY id",
        s -> s.setString(1, routerId),
        TrunkRows::trunk);
  }

  List<Trunk> trunks(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<String> values = List.copyOf(ids);
    return sql.query(
        "SELECT "
            + TRUNK_COLUMNS
            + " FROM trunks WHERE id IN ("
            + Statements.placeholders(values.size())
            + ")",
        s -> Statements.bindAll(s, values),
        TrunkRows::trunk);
  }

  /**
   * Returns, if trunk {@code id} exists, the router it is placed on: empty for one no router could
   * carry when the store was migrated.
   */
  Optional<Optional<String>> placement(String id) {
    return sql.queryOne(
        "SELECT router_id FROM trunks WHERE id = ?",
        s -> s.setString(1, id),
        row -> Optional.ofNullable(row.getString(1)));
  }

  /**
   * Inserts {@code trunk} on router {@code routerId}, at the router's next desired sequence, and
   * takes its ports.
   *
   * @throws IllegalStateException if the router is not in the catalogue
   */
  void insertTrunk(Trunk trunk, String routerId) {
    long seq = sequences.advance(routerId);
    sql.update(
        "INSERT INTO trunks (id, scope, name, description, labels, pop_id, joint, capacity_mbps,"
            + " deletion_protection, status, created_at, revision, joint_kind, router_id,"
            + " router_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          int next = bindTrunk(s, trunk, 1);
          s.setString(next++, JointKind.of(trunk.joint()).name());
          s.setString(next++, routerId);
          s.setLong(next, seq);
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

  /**
   * Saves {@code trunk}. A new revision advances its router's desired sequence; a change of status
   * alone (the same revision) does not, since the router runs the same thing.
   */
  void updateTrunk(Trunk trunk) {
    Placed placed =
        sql.queryOne(
                "SELECT revision, router_id, router_seq FROM trunks WHERE id = ?"
                    + sql.dialect().lockRowsForChange(),
                s -> s.setString(1, trunk.id()),
                Placed::of)
            .orElseThrow(
                () -> new IllegalStateException("trunk " + trunk.id() + " does not exist"));
    long seq = placed.seqAfter(trunk.revision(), sequences);
    sql.updateOne(
        "UPDATE trunks SET scope = ?, name = ?, description = ?, labels = ?, pop_id = ?,"
            + " joint = ?, capacity_mbps = ?, deletion_protection = ?, status = ?, created_at = ?,"
            + " revision = ?, joint_kind = ?, router_seq = ? WHERE id = ?",
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
          s.setLong(13, seq);
          s.setString(14, trunk.id());
        });
  }

  /**
   * Deletes a trunk and frees its ports; its observation goes with it (a foreign key), and its
   * router's feed gets a removal entry.
   */
  void deleteTrunk(String id) {
    sql.update("DELETE FROM trunk_ports WHERE trunk_id = ?", s -> s.setString(1, id));
    Optional<String> router =
        sql
            .change(
                "DELETE FROM trunks WHERE id = ? RETURNING router_id",
                s -> s.setString(1, id),
                row -> Optional.ofNullable(row.getString(1)))
            .stream()
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("trunk " + id + " does not exist"));
    router.ifPresent(routerId -> sequences.removed(routerId, id));
  }
}
