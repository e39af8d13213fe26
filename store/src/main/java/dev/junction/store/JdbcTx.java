package dev.junction.store;

import static dev.junction.store.JsonColumns.instant;
import static dev.junction.store.JsonColumns.nanos;

import dev.junction.core.access.ApiToken;
import dev.junction.core.access.Grant;
import dev.junction.core.access.Principal;
import dev.junction.core.access.PrincipalKind;
import dev.junction.core.access.Role;
import dev.junction.core.access.Tenant;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.audit.AuditEvent;
import dev.junction.core.audit.AuditQuery;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Partner;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import dev.junction.core.network.Observation;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationVerb;
import dev.junction.core.operation.ResourceType;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.AttachmentQuery;
import dev.junction.core.store.LeaseLost;
import dev.junction.core.store.PortQuery;
import dev.junction.core.store.TrunkQuery;
import dev.junction.core.store.UniqueViolation;
import dev.junction.core.store.WriteTx;
import dev.junction.core.ticket.Ticket;
import dev.junction.core.ticket.TicketStatus;
import dev.junction.core.trunk.JointKind;
import dev.junction.core.trunk.Trunk;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One transaction on one connection: every statement of the store. Single-row reads inside a write
 * transaction lock the row (PostgreSQL), so that a read followed by a change is never interleaved
 * with another transaction's change of the same row.
 */
final class JdbcTx implements WriteTx {
  private final Connection connection;
  private final Dialect dialect;
  private final boolean writable;
  private final SecretCipher cipher;
  private final int maxPageSize;

  JdbcTx(
      Connection connection,
      Dialect dialect,
      boolean writable,
      SecretCipher cipher,
      int maxPageSize) {
    this.connection = connection;
    this.dialect = dialect;
    this.writable = writable;
    this.cipher = cipher;
    this.maxPageSize = maxPageSize;
  }

  // Statements.

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  private <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      List<T> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(reader.read(result));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private <T> Optional<T> queryOne(String sql, Binder binder, RowReader<T> reader) {
    List<T> rows = query(sql, binder, reader);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private int update(String sql, Binder binder) {
    requireWritable();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private void updateOne(String sql, String what, Binder binder) {
    if (update(sql, binder) != 1) {
      throw new IllegalStateException(what + " does not exist");
    }
  }

  private RuntimeException failure(SQLException e) {
    return dialect
        .uniqueViolation(e)
        .<RuntimeException>map(key -> new UniqueViolation(key, e))
        .orElseGet(() -> new StoreException("a database statement failed", e));
  }

  private void requireWritable() {
    if (!writable) {
      throw new IllegalStateException("write in a read-only transaction");
    }
  }

  private String locked(String sql) {
    return writable ? sql + dialect.lockRows() : sql;
  }

  /** One row of a page and its position in the list. */
  private record Positioned<T>(long seq, T item) {}

  /** Returns a page of rows from {@code sql} ordered by seq, fetching one extra row. */
  private <T> Page<T> page(
      String sql,
      List<Object> parameters,
      PageRequest page,
      boolean newestFirst,
      RowReader<T> reader) {
    int size = Math.min(page.size(), maxPageSize);
    StringBuilder full = new StringBuilder(sql);
    List<Object> values = new ArrayList<>(parameters);
    if (page.after().isPresent()) {
      full.append(newestFirst ? " AND seq < ?" : " AND seq > ?");
      values.add(page.after().get());
    }
    full.append(" ORDER BY seq").append(newestFirst ? " DESC" : "").append(" LIMIT ?");
    values.add(size + 1);
    List<Positioned<T>> rows =
        query(
            full.toString(),
            statement -> bindAll(statement, values),
            row -> new Positioned<>(row.getLong("seq"), reader.read(row)));
    List<T> items = rows.stream().limit(size).map(Positioned::item).toList();
    if (rows.size() <= size) {
      return new Page<>(items, Optional.empty());
    }
    return new Page<>(items, Optional.of(rows.get(size - 1).seq()));
  }

  private static void bindAll(PreparedStatement statement, List<Object> values)
      throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value instanceof Integer number) {
        statement.setInt(i + 1, number);
      } else if (value instanceof Long number) {
        statement.setLong(i + 1, number);
      } else {
        statement.setString(i + 1, (String) value);
      }
    }
  }

  private static void appendNames(StringBuilder sql, List<Object> values, NameFilter names) {
    names
        .anyOf()
        .ifPresent(
            any -> {
              if (any.isEmpty()) {
                sql.append(" AND 1 = 0");
                return;
              }
              sql.append(" AND name IN (").append(placeholders(any.size())).append(')');
              values.addAll(any);
            });
    if (!names.noneOf().isEmpty()) {
      sql.append(" AND name NOT IN (").append(placeholders(names.noneOf().size())).append(')');
      values.addAll(names.noneOf());
    }
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  // The catalogue.

  private static final String POP_COLUMNS =
      "seq, id, name, location_address, connection_points, site, facility_name, facility_address";

  private static PointOfPresence pointOfPresence(ResultSet row) throws SQLException {
    return new PointOfPresence(
        row.getString("id"),
        row.getString("name"),
        row.getString("location_address"),
        JsonColumns.strings(row.getString("connection_points")),
        row.getString("site"),
        row.getString("facility_name"),
        JsonColumns.strings(row.getString("facility_address")));
  }

  @Override
  public Optional<PointOfPresence> pointOfPresence(String id) {
    return queryOne(
        "SELECT " + POP_COLUMNS + " FROM points_of_presence WHERE id = ?",
        s -> s.setString(1, id),
        JdbcTx::pointOfPresence);
  }

  @Override
  public Page<PointOfPresence> pointsOfPresence(NameFilter names, PageRequest page) {
    StringBuilder sql =
        new StringBuilder("SELECT " + POP_COLUMNS + " FROM points_of_presence WHERE 1 = 1");
    List<Object> values = new ArrayList<>();
    appendNames(sql, values, names);
    return page(sql.toString(), values, page, false, JdbcTx::pointOfPresence);
  }

  private static final String PARTNER_COLUMNS = "seq, id, name, url, pop_ids, up";

  private static Partner partner(ResultSet row) throws SQLException {
    return new Partner(
        row.getString("id"),
        row.getString("name"),
        row.getString("url"),
        JsonColumns.strings(row.getString("pop_ids")),
        row.getLong("up") != 0);
  }

  @Override
  public Optional<Partner> partner(String id) {
    return queryOne(
        "SELECT " + PARTNER_COLUMNS + " FROM partners WHERE id = ?",
        s -> s.setString(1, id),
        JdbcTx::partner);
  }

  @Override
  public Page<Partner> partners(NameFilter names, PageRequest page) {
    StringBuilder sql =
        new StringBuilder("SELECT " + PARTNER_COLUMNS + " FROM partners WHERE 1 = 1");
    List<Object> values = new ArrayList<>();
    appendNames(sql, values, names);
    return page(sql.toString(), values, page, false, JdbcTx::partner);
  }

  private static Router router(ResultSet row) throws SQLException {
    return new Router(
        row.getString("id"),
        row.getString("pop_id"),
        row.getString("name"),
        row.getString("router_id_address"));
  }

  @Override
  public Optional<Router> router(String id) {
    return queryOne(
        "SELECT id, pop_id, name, router_id_address FROM routers WHERE id = ?",
        s -> s.setString(1, id),
        JdbcTx::router);
  }

  @Override
  public List<Router> routers() {
    return query(
        "SELECT id, pop_id, name, router_id_address FROM routers ORDER BY id",
        s -> {},
        JdbcTx::router);
  }

  private static final String PORT_COLUMNS =
      "p.id, p.name, p.pop_id, p.router_id, p.speed, p.bandwidth_mbps, p.transceiver, p.device_name";

  private static Port port(ResultSet row) throws SQLException {
    return new Port(
        row.getString("id"),
        row.getString("name"),
        row.getString("pop_id"),
        row.getString("router_id"),
        row.getString("speed"),
        Bandwidth.mbps(row.getLong("bandwidth_mbps")),
        TransceiverType.valueOf(row.getString("transceiver")),
        row.getString("device_name"));
  }

  @Override
  public Optional<Port> port(String id) {
    return queryOne(
        "SELECT " + PORT_COLUMNS + " FROM ports p WHERE p.id = ?",
        s -> s.setString(1, id),
        JdbcTx::port);
  }

  @Override
  public List<Port> portsAt(String popId) {
    return query(
        "SELECT " + PORT_COLUMNS + " FROM ports p WHERE p.pop_id = ? ORDER BY p.router_id, p.name",
        s -> s.setString(1, popId),
        JdbcTx::port);
  }

  @Override
  public List<Port> freePortsAt(String popId) {
    return query(
        "SELECT "
            + PORT_COLUMNS
            + " FROM ports p WHERE p.pop_id = ?"
            + " AND NOT EXISTS (SELECT 1 FROM trunk_ports t WHERE t.port_id = p.id)"
            + " ORDER BY p.router_id, p.name",
        s -> s.setString(1, popId),
        JdbcTx::port);
  }

  @Override
  public Page<Port> ports(PortQuery query, PageRequest page) {
    StringBuilder sql =
        new StringBuilder("SELECT p.seq AS seq, " + PORT_COLUMNS + " FROM ports p WHERE 1 = 1");
    List<Object> values = new ArrayList<>();
    query.popIds().ifPresent(pops -> appendIn(sql, values, "p.pop_id", pops));
    query
        .speed()
        .ifPresent(
            speed -> {
              sql.append(" AND UPPER(p.speed) = UPPER(?)");
              values.add(speed);
            });
    query
        .occupied()
        .ifPresent(
            occupied ->
                sql.append(occupied ? " AND EXISTS" : " AND NOT EXISTS")
                    .append(" (SELECT 1 FROM trunk_ports t WHERE t.port_id = p.id)"));
    return page(sql.toString(), values, page, false, JdbcTx::port);
  }

  @Override
  public Optional<String> trunkHoldingPort(String portId) {
    return queryOne(
        "SELECT trunk_id FROM trunk_ports WHERE port_id = ?",
        s -> s.setString(1, portId),
        row -> row.getString(1));
  }

  @Override
  public void upsertPointOfPresence(PointOfPresence pop) {
    update(
        "INSERT INTO points_of_presence (id, name, location_address, connection_points, site,"
            + " facility_name, facility_address) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
            + " location_address = excluded.location_address,"
            + " connection_points = excluded.connection_points, site = excluded.site,"
            + " facility_name = excluded.facility_name, facility_address = excluded.facility_address",
        s -> {
          s.setString(1, pop.id());
          s.setString(2, pop.name());
          s.setString(3, pop.locationAddress());
          s.setString(4, JsonColumns.strings(pop.connectionPoints()));
          s.setString(5, pop.site());
          s.setString(6, pop.facilityName());
          s.setString(7, JsonColumns.strings(pop.facilityAddress()));
        });
  }

  @Override
  public void upsertPartner(Partner partner) {
    update(
        "INSERT INTO partners (id, name, url, pop_ids, up) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url,"
            + " pop_ids = excluded.pop_ids, up = excluded.up",
        s -> {
          s.setString(1, partner.id());
          s.setString(2, partner.name());
          s.setString(3, partner.url());
          s.setString(4, JsonColumns.strings(partner.popIds()));
          s.setLong(5, partner.up() ? 1 : 0);
        });
  }

  @Override
  public void upsertRouter(Router router) {
    update(
        "INSERT INTO routers (id, pop_id, name, router_id_address) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET pop_id = excluded.pop_id, name = excluded.name,"
            + " router_id_address = excluded.router_id_address",
        s -> {
          s.setString(1, router.id());
          s.setString(2, router.popId());
          s.setString(3, router.name());
          s.setString(4, router.routerIdAddress());
        });
  }

  @Override
  public void upsertPort(Port port) {
    update(
        "INSERT INTO ports (id, name, pop_id, router_id, speed, bandwidth_mbps, transceiver,"
            + " device_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, pop_id = excluded.pop_id,"
            + " router_id = excluded.router_id, speed = excluded.speed,"
            + " bandwidth_mbps = excluded.bandwidth_mbps, transceiver = excluded.transceiver,"
            + " device_name = excluded.device_name",
        s -> {
          s.setString(1, port.id());
          s.setString(2, port.name());
          s.setString(3, port.popId());
          s.setString(4, port.routerId());
          s.setString(5, port.speed());
          s.setLong(6, port.bandwidth().mbps());
          s.setString(7, port.transceiver().name());
          s.setString(8, port.deviceName());
        });
  }

  // Trunks.

  private static final String TRUNK_COLUMNS =
      "seq, id, scope, name, description, labels, pop_id, joint, capacity_mbps,"
          + " deletion_protection, status, created_at, revision";

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

  @Override
  public Optional<Trunk> trunk(String id) {
    return queryOne(
        locked("SELECT " + TRUNK_COLUMNS + " FROM trunks WHERE id = ?"),
        s -> s.setString(1, id),
        JdbcTx::trunk);
  }

  @Override
  public Page<Trunk> trunks(TrunkQuery query, PageRequest page) {
    StringBuilder sql =
        new StringBuilder("SELECT " + TRUNK_COLUMNS + " FROM trunks WHERE scope = ?");
    List<Object> values = new ArrayList<>(List.of(query.scope()));
    appendNames(sql, values, query.names());
    query.popIds().ifPresent(pops -> appendIn(sql, values, "pop_id", pops));
    query
        .jointKinds()
        .ifPresent(
            kinds -> appendIn(sql, values, "joint_kind", kinds.stream().map(Enum::name).toList()));
    return page(sql.toString(), values, page, false, JdbcTx::trunk);
  }

  private static void appendIn(
      StringBuilder sql, List<Object> values, String column, Collection<String> allowed) {
    if (allowed.isEmpty()) {
      sql.append(" AND 1 = 0");
      return;
    }
    sql.append(" AND ").append(column).append(" IN (").append(placeholders(allowed.size()));
    sql.append(')');
    values.addAll(allowed);
  }

  @Override
  public int countTrunks(String scope) {
    return count("SELECT COUNT(*) FROM trunks WHERE scope = ?", s -> s.setString(1, scope));
  }

  @Override
  public List<Trunk> trunksOnRouter(String routerId) {
    return query(
        "SELECT "
            + TRUNK_COLUMNS
            + " FROM trunks WHERE id IN (SELECT tp.trunk_id FROM trunk_ports tp"
            + " JOIN ports p ON p.id = tp.port_id WHERE p.router_id = ?) ORDER BY seq",
        s -> s.setString(1, routerId),
        JdbcTx::trunk);
  }

  @Override
  public void insertTrunk(Trunk trunk, String routerId) {
    update(
        "INSERT INTO trunks (id, scope, name, description, labels, pop_id, joint, capacity_mbps,"
            + " deletion_protection, status, created_at, revision, joint_kind)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          int next = bindTrunk(s, trunk, 1);
          s.setString(next, JointKind.of(trunk.joint()).name());
        });
    for (String portId : trunk.joint().portIds()) {
      update(
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

  @Override
  public void updateTrunk(Trunk trunk) {
    updateOne(
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

  @Override
  public void deleteTrunk(String id) {
    update("DELETE FROM trunk_ports WHERE trunk_id = ?", s -> s.setString(1, id));
    update("DELETE FROM observations WHERE subject_id = ?", s -> s.setString(1, id));
    updateOne("DELETE FROM trunks WHERE id = ?", "trunk " + id, s -> s.setString(1, id));
  }

  // Attachments.

  private static final String ATTACHMENT_COLUMNS =
      "seq, id, kind, scope, name, description, labels, trunk_id, vlan, peering, md5_key,"
          + " static_routes, public_access, routing, status, created_at, revision";

  private Attachment attachment(ResultSet row) throws SQLException {
    long vlan = row.getLong("vlan");
    boolean hasVlan = !row.wasNull();
    String key = row.getString("md5_key");
    return new Attachment(
        row.getString("id"),
        AttachmentKind.valueOf(row.getString("kind")),
        row.getString("scope"),
        row.getString("name"),
        row.getString("description"),
        JsonColumns.labels(row.getString("labels")),
        row.getString("trunk_id"),
        hasVlan ? Optional.of(new VlanId((int) vlan)) : Optional.empty(),
        JsonColumns.peering(
            row.getString("peering"),
            key == null ? Optional.empty() : Optional.of(Md5Key.of(cipher.open(key)))),
        JsonColumns.prefixes(row.getString("static_routes")),
        JsonColumns.publicAccess(row.getString("public_access")),
        JsonColumns.routing(row.getString("routing")),
        ResourceStatus.valueOf(row.getString("status")),
        instant(row.getLong("created_at")),
        row.getLong("revision"));
  }

  @Override
  public Optional<Attachment> attachment(String id) {
    return queryOne(
        locked("SELECT " + ATTACHMENT_COLUMNS + " FROM attachments WHERE id = ?"),
        s -> s.setString(1, id),
        this::attachment);
  }

  @Override
  public Page<Attachment> attachments(AttachmentQuery query, PageRequest page) {
    StringBuilder sql =
        new StringBuilder("SELECT " + ATTACHMENT_COLUMNS + " FROM attachments WHERE kind = ?");
    List<Object> values = new ArrayList<>(List.of(query.kind().name()));
    query
        .scope()
        .ifPresent(
            scope -> {
              sql.append(" AND scope = ?");
              values.add(scope);
            });
    query
        .trunkId()
        .ifPresent(
            trunk -> {
              sql.append(" AND trunk_id = ?");
              values.add(trunk);
            });
    appendNames(sql, values, query.names());
    query
        .portId()
        .ifPresent(
            port -> {
              sql.append(" AND trunk_id IN (SELECT trunk_id FROM trunk_ports WHERE port_id = ?)");
              values.add(port);
            });
    query
        .id()
        .ifPresent(
            id -> {
              sql.append(" AND id = ?");
              values.add(id);
            });
    query
        .scopes()
        .ifPresent(
            scopes -> {
              if (scopes.isEmpty()) {
                sql.append(" AND 1 = 0");
                return;
              }
              sql.append(" AND scope IN (").append(placeholders(scopes.size())).append(')');
              values.addAll(scopes.stream().sorted().toList());
            });
    return page(sql.toString(), values, page, false, this::attachment);
  }

  @Override
  public int countAttachments(String trunkId, AttachmentKind kind) {
    return count(
        "SELECT COUNT(*) FROM attachments WHERE trunk_id = ? AND kind = ?",
        s -> {
          s.setString(1, trunkId);
          s.setString(2, kind.name());
        });
  }

  @Override
  public int countAttachments(String trunkId) {
    return count(
        "SELECT COUNT(*) FROM attachments WHERE trunk_id = ?", s -> s.setString(1, trunkId));
  }

  @Override
  public List<Attachment> attachmentsOnTrunks(Collection<String> trunkIds) {
    if (trunkIds.isEmpty()) {
      return List.of();
    }
    List<Object> values = new ArrayList<>(trunkIds);
    return query(
        "SELECT "
            + ATTACHMENT_COLUMNS
            + " FROM attachments WHERE trunk_id IN ("
            + placeholders(trunkIds.size())
            + ") ORDER BY seq",
        s -> bindAll(s, values),
        this::attachment);
  }

  @Override
  public Set<Integer> usedVlans(String trunkId) {
    return new HashSet<>(
        query(
            "SELECT vlan FROM attachments WHERE trunk_id = ? AND vlan IS NOT NULL",
            s -> s.setString(1, trunkId),
            row -> row.getInt(1)));
  }

  @Override
  public Set<Ipv4Prefix> usedCniSubnets() {
    return new HashSet<>(
        query(
            "SELECT subnet FROM attachments WHERE kind = 'CNI'",
            s -> {},
            row -> Ipv4Prefix.of(row.getString(1))));
  }

  @Override
  public Optional<Asn> defaultAsn(String scope) {
    return queryOne(
        "SELECT default_asn FROM scope_settings WHERE scope = ?",
        s -> s.setString(1, scope),
        row -> new Asn(row.getLong(1)));
  }

  @Override
  public void saveDefaultAsn(String scope, Asn asn) {
    update(
        "INSERT INTO scope_settings (scope, default_asn) VALUES (?, ?)"
            + " ON CONFLICT (scope) DO UPDATE SET default_asn = excluded.default_asn",
        s -> {
          s.setString(1, scope);
          s.setLong(2, asn.value());
        });
  }

  @Override
  public void insertAttachment(Attachment attachment) {
    update(
        "INSERT INTO attachments (id, kind, scope, name, description, labels, trunk_id, vlan,"
            + " peering, md5_key, static_routes, public_access, routing, subnet, status,"
            + " created_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setString(1, attachment.id());
          bindAttachment(s, attachment, 2);
        });
  }

  private void bindAttachment(PreparedStatement s, Attachment attachment, int first)
      throws SQLException {
    int i = first;
    s.setString(i++, attachment.kind().name());
    s.setString(i++, attachment.scope());
    s.setString(i++, attachment.name());
    s.setString(i++, attachment.description());
    s.setString(i++, JsonColumns.labels(attachment.labels()));
    s.setString(i++, attachment.trunkId());
    if (attachment.vlan().isPresent()) {
      s.setLong(i++, attachment.vlan().get().value());
    } else {
      s.setNull(i++, Types.BIGINT);
    }
    s.setString(i++, JsonColumns.peering(attachment.peering()));
    Optional<Md5Key> key = attachment.peering().md5Key();
    if (key.isPresent()) {
      s.setString(i++, cipher.seal(key.get().reveal()));
    } else {
      s.setNull(i++, Types.VARCHAR);
    }
    s.setString(i++, JsonColumns.prefixes(attachment.staticRoutes()));
    s.setString(i++, JsonColumns.publicAccess(attachment.publicAccess()));
    s.setString(i++, JsonColumns.routing(attachment.routing()));
    s.setString(i++, attachment.peering().subnet().toString());
    s.setString(i++, attachment.status().name());
    s.setLong(i++, nanos(attachment.createdAt()));
    s.setLong(i, attachment.revision());
  }

  @Override
  public void updateAttachment(Attachment attachment) {
    updateOne(
        "UPDATE attachments SET kind = ?, scope = ?, name = ?, description = ?, labels = ?,"
            + " trunk_id = ?, vlan = ?, peering = ?, md5_key = ?, static_routes = ?,"
            + " public_access = ?, routing = ?, subnet = ?, status = ?, created_at = ?,"
            + " revision = ? WHERE id = ?",
        "attachment " + attachment.id(),
        s -> {
          bindAttachment(s, attachment, 1);
          s.setString(17, attachment.id());
        });
  }

  @Override
  public void deleteAttachment(String id) {
    update("DELETE FROM observations WHERE subject_id = ?", s -> s.setString(1, id));
    updateOne("DELETE FROM attachments WHERE id = ?", "attachment " + id, s -> s.setString(1, id));
  }

  // Tickets.

  private static final String TICKET_COLUMNS =
      "seq, id, scope, status, subject_id, support_ticket_id, trunk_id, spec, created_at,"
          + " updated_at, expires_at";

  private static Ticket ticket(ResultSet row) throws SQLException {
    String trunkId = row.getString("trunk_id");
    return new Ticket(
        row.getString("id"),
        row.getString("scope"),
        TicketStatus.valueOf(row.getString("status")),
        row.getString("subject_id"),
        row.getString("support_ticket_id"),
        Optional.ofNullable(trunkId),
        JsonColumns.ticketSpec(row.getString("spec")),
        instant(row.getLong("created_at")),
        instant(row.getLong("updated_at")),
        instant(row.getLong("expires_at")));
  }

  @Override
  public Optional<Ticket> ticket(String id) {
    return queryOne(
        locked("SELECT " + TICKET_COLUMNS + " FROM tickets WHERE id = ?"),
        s -> s.setString(1, id),
        JdbcTx::ticket);
  }

  @Override
  public Page<Ticket> tickets(String scope, PageRequest page) {
    return page(
        "SELECT " + TICKET_COLUMNS + " FROM tickets WHERE scope = ?",
        List.of(scope),
        page,
        false,
        JdbcTx::ticket);
  }

  @Override
  public void insertTicket(Ticket ticket) {
    update(
        "INSERT INTO tickets (scope, status, subject_id, support_ticket_id, trunk_id, spec,"
            + " created_at, updated_at, expires_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s -> bindTicket(s, ticket));
  }

  @Override
  public void updateTicket(Ticket ticket) {
    updateOne(
        "UPDATE tickets SET scope = ?, status = ?, subject_id = ?, support_ticket_id = ?,"
            + " trunk_id = ?, spec = ?, created_at = ?, updated_at = ?, expires_at = ? WHERE id = ?",
        "ticket " + ticket.id(),
        s -> bindTicket(s, ticket));
  }

  private static void bindTicket(PreparedStatement s, Ticket ticket) throws SQLException {
    s.setString(1, ticket.scope());
    s.setString(2, ticket.status().name());
    s.setString(3, ticket.subjectId());
    s.setString(4, ticket.supportTicketId());
    if (ticket.trunkId().isPresent()) {
      s.setString(5, ticket.trunkId().get());
    } else {
      s.setNull(5, Types.VARCHAR);
    }
    s.setString(6, JsonColumns.ticketSpec(ticket.spec()));
    s.setLong(7, nanos(ticket.createdAt()));
    s.setLong(8, nanos(ticket.updatedAt()));
    s.setLong(9, nanos(ticket.expiresAt()));
    s.setString(10, ticket.id());
  }

  // Operations.

  private static final String OPERATION_COLUMNS =
      "seq, id, resource_type, resource_id, verb, scope, description, created_by, created_at,"
          + " modified_at, deadline, done, error, response, previous, target_revision,"
          + " cancel_requested, idempotency_key";

  private Operation operation(ResultSet row) throws SQLException {
    String error = row.getString("error");
    String response = row.getString("response");
    return new Operation(
        row.getString("id"),
        ResourceType.valueOf(row.getString("resource_type")),
        row.getString("resource_id"),
        OperationVerb.valueOf(row.getString("verb")),
        row.getString("scope"),
        row.getString("description"),
        row.getString("created_by"),
        instant(row.getLong("created_at")),
        instant(row.getLong("modified_at")),
        instant(row.getLong("deadline")),
        row.getLong("done") != 0,
        error == null ? Optional.empty() : Optional.of(JsonColumns.problem(error)),
        response == null
            ? Optional.empty()
            : Optional.of(JsonColumns.resourceState(response, cipher)),
        JsonColumns.resourceState(row.getString("previous"), cipher),
        row.getLong("target_revision"),
        row.getLong("cancel_requested") != 0,
        Optional.ofNullable(row.getString("idempotency_key")));
  }

  @Override
  public Optional<Operation> operation(String id) {
    return queryOne(
        locked("SELECT " + OPERATION_COLUMNS + " FROM operations WHERE id = ?"),
        s -> s.setString(1, id),
        this::operation);
  }

  @Override
  public Page<Operation> operationsOf(String resourceId, PageRequest page) {
    return page(
        "SELECT " + OPERATION_COLUMNS + " FROM operations WHERE resource_id = ?",
        List.of(resourceId),
        page,
        true,
        this::operation);
  }

  @Override
  public Optional<Operation> operationByIdempotencyKey(String principal, String key) {
    return queryOne(
        "SELECT "
            + OPERATION_COLUMNS
            + " FROM operations WHERE created_by = ? AND idempotency_key = ?",
        s -> {
          s.setString(1, principal);
          s.setString(2, key);
        },
        this::operation);
  }

  @Override
  public List<Operation> unfinishedOperations(int limit) {
    return query(
        "SELECT " + OPERATION_COLUMNS + " FROM operations WHERE done = 0 ORDER BY seq LIMIT ?",
        s -> s.setInt(1, limit),
        this::operation);
  }

  @Override
  public void insertOperation(Operation operation) {
    update(
        "INSERT INTO operations (resource_type, resource_id, verb, scope, description, created_by,"
            + " created_at, modified_at, deadline, done, error, response, previous,"
            + " target_revision, cancel_requested, idempotency_key, id, next_run_at, version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        s -> {
          int next = bindOperation(s, operation);
          s.setLong(next, nanos(operation.createdAt()));
        });
  }

  /** Binds every field of {@code operation} from parameter 1, the id last; returns the next. */
  private int bindOperation(PreparedStatement s, Operation operation) throws SQLException {
    s.setString(1, operation.resourceType().name());
    s.setString(2, operation.resourceId());
    s.setString(3, operation.verb().name());
    s.setString(4, operation.scope());
    s.setString(5, operation.description());
    s.setString(6, operation.createdBy());
    s.setLong(7, nanos(operation.createdAt()));
    s.setLong(8, nanos(operation.modifiedAt()));
    s.setLong(9, nanos(operation.deadline()));
    s.setLong(10, operation.done() ? 1 : 0);
    if (operation.error().isPresent()) {
      s.setString(11, JsonColumns.problem(operation.error().get()));
    } else {
      s.setNull(11, Types.VARCHAR);
    }
    if (operation.response().isPresent()) {
      s.setString(12, JsonColumns.resourceState(operation.response().get(), cipher));
    } else {
      s.setNull(12, Types.VARCHAR);
    }
    s.setString(13, JsonColumns.resourceState(operation.previous(), cipher));
    s.setLong(14, operation.targetRevision());
    s.setLong(15, operation.cancelRequested() ? 1 : 0);
    if (operation.idempotencyKey().isPresent()) {
      s.setString(16, operation.idempotencyKey().get());
    } else {
      s.setNull(16, Types.VARCHAR);
    }
    s.setString(17, operation.id());
    return 18;
  }

  private static final String SAVE_OPERATION =
      "UPDATE operations SET resource_type = ?, resource_id = ?, verb = ?, scope = ?,"
          + " description = ?, created_by = ?, created_at = ?, modified_at = ?, deadline = ?,"
          + " done = ?, error = ?, response = ?, previous = ?, target_revision = ?,"
          + " cancel_requested = ?, idempotency_key = ?";

  @Override
  public void updateOperation(Operation operation) {
    updateOne(
        SAVE_OPERATION + ", version = version + 1 WHERE id = ?",
        "operation " + operation.id(),
        s -> bindOperation(s, operation));
  }

  @Override
  public List<Operation> claimOperations(
      String workerId, Instant now, Instant leaseUntil, int limit) {
    requireWritable();
    List<String> ids;
    try {
      ids = dialect.claim(connection, workerId, nanos(now), nanos(leaseUntil), limit);
    } catch (SQLException e) {
      throw failure(e);
    }
    List<Operation> claimed = new ArrayList<>();
    for (String id : ids) {
      queryOne(
              "SELECT " + OPERATION_COLUMNS + " FROM operations WHERE id = ?",
              s -> s.setString(1, id),
              this::operation)
          .ifPresent(claimed::add);
    }
    return claimed;
  }

  @Override
  public void checkLease(String operationId, String workerId) {
    Optional<String> owner =
        queryOne(
            locked("SELECT lease_owner FROM operations WHERE id = ?"),
            s -> s.setString(1, operationId),
            row -> Optional.ofNullable(row.getString(1)).orElse(""));
    if (owner.isEmpty() || !owner.get().equals(workerId)) {
      throw new LeaseLost(operationId, workerId);
    }
  }

  @Override
  public void renewLeases(List<String> operationIds, String workerId, Instant leaseUntil) {
    for (String id : operationIds) {
      update(
          "UPDATE operations SET lease_until = ? WHERE id = ? AND lease_owner = ? AND done = 0",
          s -> {
            s.setLong(1, nanos(leaseUntil));
            s.setString(2, id);
            s.setString(3, workerId);
          });
    }
  }

  @Override
  public void releaseOperation(String operationId, String workerId, Instant nextRunAt) {
    update(
        "UPDATE operations SET lease_owner = NULL, lease_until = NULL, next_run_at = ?,"
            + " version = version + 1 WHERE id = ? AND lease_owner = ?",
        s -> {
          s.setLong(1, nanos(nextRunAt));
          s.setString(2, operationId);
          s.setString(3, workerId);
        });
  }

  @Override
  public void completeOperation(Operation operation, String workerId) {
    if (!operation.done()) {
      throw new IllegalArgumentException("operation " + operation.id() + " is not done");
    }
    int updated =
        update(
            SAVE_OPERATION
                + ", lease_owner = NULL, lease_until = NULL, version = version + 1"
                + " WHERE id = ? AND lease_owner = ?",
            s -> {
              int next = bindOperation(s, operation);
              s.setString(next, workerId);
            });
    if (updated != 1) {
      throw new LeaseLost(operation.id(), workerId);
    }
  }

  @Override
  public void lockScope(String scope) {
    requireWritable();
    try {
      dialect.lockScope(connection, scope);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  @Override
  public void lockTrunk(String trunkId) {
    requireWritable();
    query(locked("SELECT id FROM trunks WHERE id = ?"), s -> s.setString(1, trunkId), r -> r);
  }

  // Observations.

  @Override
  public Optional<Observation> observation(String subjectId) {
    return queryOne(
        "SELECT subject_id, applied_revision, failed_revision, failure, conditions,"
            + " prefixes_received, observed_at FROM observations WHERE subject_id = ?",
        s -> s.setString(1, subjectId),
        row ->
            new Observation(
                row.getString("subject_id"),
                row.getLong("applied_revision"),
                "",
                row.getLong("failed_revision"),
                row.getString("failure"),
                JsonColumns.conditions(row.getString("conditions")),
                Optional.empty(),
                instant(row.getLong("observed_at"))));
  }

  @Override
  public boolean saveObservation(Observation observation, long epoch, long reportSeq) {
    update(
        "INSERT INTO observations (subject_id, applied_revision, failed_revision, failure,"
            + " conditions, prefixes_received, observed_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (subject_id) DO UPDATE SET applied_revision = excluded.applied_revision,"
            + " failed_revision = excluded.failed_revision, failure = excluded.failure,"
            + " conditions = excluded.conditions, prefixes_received = excluded.prefixes_received,"
            + " observed_at = excluded.observed_at",
        s -> {
          s.setString(1, observation.subjectId());
          s.setLong(2, observation.appliedRevision());
          s.setLong(3, observation.failedRevision());
          s.setString(4, observation.failure());
          s.setString(5, JsonColumns.conditions(observation.conditions()));
          s.setLong(6, observation.prefixesReceived());
          s.setLong(7, nanos(observation.observedAt()));
        });
    return true;
  }

  // The network: not yet stored (being built).

  private static UnsupportedOperationException notYet() {
    return new UnsupportedOperationException("the network tables are not built yet");
  }

  @Override
  public List<Trunk> trunks(Collection<String> ids) {
    throw notYet();
  }

  @Override
  public List<Attachment> attachments(Collection<String> ids) {
    throw notYet();
  }

  @Override
  public List<Attachment> attachmentsOnRouter(
      String routerId, Optional<String> afterId, int limit) {
    throw notYet();
  }

  @Override
  public List<Observation> observations(Collection<String> subjectIds) {
    throw notYet();
  }

  @Override
  public Optional<String> routerOf(String subjectId) {
    throw notYet();
  }

  @Override
  public List<dev.junction.core.network.NetworkChange> networkChanges(
      String routerId, long since, int limit) {
    throw notYet();
  }

  @Override
  public Optional<dev.junction.core.network.RouterStatus> routerStatus(String routerId) {
    throw notYet();
  }

  @Override
  public List<dev.junction.core.network.RouterStatus> routerStatuses() {
    throw notYet();
  }

  @Override
  public List<dev.junction.core.network.NetworkFault> faults(String routerId) {
    throw notYet();
  }

  @Override
  public List<dev.junction.core.network.NetworkFault> faults() {
    throw notYet();
  }

  @Override
  public List<dev.junction.core.network.NetworkEvent> networkEvents(String routerId, int limit) {
    throw notYet();
  }

  @Override
  public Optional<dev.junction.core.network.AgentCredential> agentCredential(String id) {
    throw notYet();
  }

  @Override
  public Optional<dev.junction.core.network.AgentCredential> agentCredentialByDigest(
      String digest) {
    throw notYet();
  }

  @Override
  public List<dev.junction.core.network.AgentCredential> agentCredentials(
      Optional<String> routerId) {
    throw notYet();
  }

  @Override
  public long touchRouter(String routerId) {
    throw notYet();
  }

  @Override
  public java.util.OptionalLong claimRouter(
      String routerId, String owner, Instant now, Instant leaseUntil, boolean takeOver) {
    throw notYet();
  }

  @Override
  public boolean renewRouter(String routerId, String owner, long epoch, Instant leaseUntil) {
    throw notYet();
  }

  @Override
  public void releaseRouter(String routerId, String owner, long epoch, Instant now) {
    throw notYet();
  }

  @Override
  public void checkRouterOwner(String routerId, long epoch) {
    throw notYet();
  }

  @Override
  public void routerHeard(
      String routerId,
      Instant at,
      long appliedSeq,
      String headerHash,
      dev.junction.core.network.AgentInfo agent,
      Instant leaseUntil) {
    throw notYet();
  }

  @Override
  public void appendNetworkEvent(dev.junction.core.network.NetworkEvent event) {
    throw notYet();
  }

  @Override
  public void saveFault(dev.junction.core.network.NetworkFault fault) {
    throw notYet();
  }

  @Override
  public boolean deleteFault(
      String routerId, dev.junction.core.network.FaultKind kind, String target) {
    throw notYet();
  }

  @Override
  public void insertAgentCredential(
      dev.junction.core.network.AgentCredential credential, String digest) {
    throw notYet();
  }

  @Override
  public void revokeAgentCredential(String id, Instant at) {
    throw notYet();
  }

  // Provider settings.

  @Override
  public Optional<String> providerSetting(String name) {
    return queryOne(
        "SELECT value FROM provider_settings WHERE name = ?",
        s -> s.setString(1, name),
        row -> row.getString(1));
  }

  @Override
  public void saveProviderSetting(String name, String value) {
    update(
        "INSERT INTO provider_settings (name, value) VALUES (?, ?)"
            + " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        s -> {
          s.setString(1, name);
          s.setString(2, value);
        });
  }

  // Tenants, principals and their credentials.

  private static Tenant tenant(ResultSet row) throws SQLException {
    return new Tenant(
        row.getString("id"), row.getString("name"), instant(row.getLong("created_at")));
  }

  @Override
  public Optional<Tenant> tenant(String id) {
    return queryOne(
        "SELECT id, name, created_at FROM tenants WHERE id = ?",
        s -> s.setString(1, id),
        JdbcTx::tenant);
  }

  @Override
  public List<Tenant> tenants() {
    return query("SELECT id, name, created_at FROM tenants ORDER BY seq", s -> {}, JdbcTx::tenant);
  }

  @Override
  public void insertTenant(Tenant tenant) {
    update(
        "INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)",
        s -> {
          s.setString(1, tenant.id());
          s.setString(2, tenant.name());
          s.setLong(3, nanos(tenant.createdAt()));
        });
  }

  @Override
  public Optional<String> scopeOwner(String scope) {
    return queryOne(
        "SELECT tenant_id FROM tenant_scopes WHERE scope = ?",
        s -> s.setString(1, scope),
        row -> row.getString(1));
  }

  @Override
  public List<String> scopesOf(String tenantId) {
    return query(
        "SELECT scope FROM tenant_scopes WHERE tenant_id = ? ORDER BY scope",
        s -> s.setString(1, tenantId),
        row -> row.getString(1));
  }

  @Override
  public void insertScope(String scope, String tenantId) {
    update(
        "INSERT INTO tenant_scopes (scope, tenant_id) VALUES (?, ?)",
        s -> {
          s.setString(1, scope);
          s.setString(2, tenantId);
        });
  }

  private static final String PRINCIPAL_COLUMNS =
      "id, tenant_id, kind, name, email, operator, created_at";

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

  @Override
  public Optional<Principal> principal(String id) {
    return queryOne(
        "SELECT " + PRINCIPAL_COLUMNS + " FROM principals WHERE id = ?",
        s -> s.setString(1, id),
        JdbcTx::principal);
  }

  @Override
  public Optional<Principal> principalByEmail(String email) {
    return queryOne(
        "SELECT " + PRINCIPAL_COLUMNS + " FROM principals WHERE email = ?",
        s -> s.setString(1, email),
        JdbcTx::principal);
  }

  @Override
  public List<Principal> principals(Optional<String> tenantId) {
    return query(
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
        JdbcTx::principal);
  }

  @Override
  public void insertPrincipal(Principal principal) {
    update(
        "INSERT INTO principals (id, tenant_id, kind, name, email, operator, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
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

  @Override
  public Optional<String> globalKeyDigest(String principalId) {
    return queryOne(
            "SELECT global_key_digest FROM principals WHERE id = ?",
            s -> s.setString(1, principalId),
            row -> Optional.ofNullable(row.getString(1)))
        .flatMap(digest -> digest);
  }

  @Override
  public void saveGlobalKeyDigest(String principalId, String digest) {
    updateOne(
        "UPDATE principals SET global_key_digest = ? WHERE id = ?",
        "principal " + principalId,
        s -> {
          s.setString(1, digest);
          s.setString(2, principalId);
        });
  }

  @Override
  public List<Grant> grantsOf(String principalId) {
    return query(
        "SELECT principal_id, scope, role FROM grants WHERE principal_id = ? ORDER BY scope, role",
        s -> s.setString(1, principalId),
        row ->
            new Grant(
                row.getString("principal_id"),
                row.getString("scope"),
                Role.valueOf(row.getString("role"))));
  }

  @Override
  public void insertGrant(Grant grant) {
    update(
        "INSERT INTO grants (principal_id, scope, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        s -> {
          s.setString(1, grant.principalId());
          s.setString(2, grant.scope());
          s.setString(3, grant.role().name());
        });
  }

  @Override
  public boolean deleteGrant(Grant grant) {
    return update(
            "DELETE FROM grants WHERE principal_id = ? AND scope = ? AND role = ?",
            s -> {
              s.setString(1, grant.principalId());
              s.setString(2, grant.scope());
              s.setString(3, grant.role().name());
            })
        == 1;
  }

  private static final String TOKEN_COLUMNS =
      "id, principal_id, name, created_at, expires_at, revoked_at";

  private static ApiToken token(ResultSet row) throws SQLException {
    long expires = row.getLong("expires_at");
    boolean expiresNever = row.wasNull();
    long revoked = row.getLong("revoked_at");
    boolean notRevoked = row.wasNull();
    return new ApiToken(
        row.getString("id"),
        row.getString("principal_id"),
        row.getString("name"),
        instant(row.getLong("created_at")),
        expiresNever ? Optional.empty() : Optional.of(instant(expires)),
        notRevoked ? Optional.empty() : Optional.of(instant(revoked)));
  }

  @Override
  public Optional<ApiToken> token(String id) {
    return queryOne(
        "SELECT " + TOKEN_COLUMNS + " FROM api_tokens WHERE id = ?",
        s -> s.setString(1, id),
        JdbcTx::token);
  }

  @Override
  public Optional<ApiToken> tokenByDigest(String digest) {
    return queryOne(
        "SELECT " + TOKEN_COLUMNS + " FROM api_tokens WHERE digest = ?",
        s -> s.setString(1, digest),
        JdbcTx::token);
  }

  @Override
  public List<ApiToken> tokens(Optional<String> principalId) {
    return query(
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
        JdbcTx::token);
  }

  @Override
  public void insertToken(ApiToken token, String digest) {
    update(
        "INSERT INTO api_tokens (id, principal_id, name, digest, created_at, expires_at,"
            + " revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setString(1, token.id());
          s.setString(2, token.principalId());
          s.setString(3, token.name());
          s.setString(4, digest);
          s.setLong(5, nanos(token.createdAt()));
          setOptionalInstant(s, 6, token.expiresAt());
          setOptionalInstant(s, 7, token.revokedAt());
        });
  }

  private static void setOptionalInstant(PreparedStatement s, int index, Optional<Instant> at)
      throws SQLException {
    if (at.isPresent()) {
      s.setLong(index, nanos(at.get()));
    } else {
      s.setNull(index, Types.BIGINT);
    }
  }

  @Override
  public void revokeToken(String id, Instant at) {
    update(
        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        s -> {
          s.setLong(1, nanos(at));
          s.setString(2, id);
        });
  }

  // The audit log.

  @Override
  public void appendAudit(AuditEvent event) {
    update(
        "INSERT INTO audit_events (at, principal, tenant, action, resource, request_id, source,"
            + " outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        s -> {
          s.setLong(1, nanos(event.at()));
          s.setString(2, event.principal());
          s.setString(3, event.tenant());
          s.setString(4, event.action());
          s.setString(5, event.resource());
          s.setString(6, event.requestId());
          s.setString(7, event.source());
          s.setString(8, event.outcome());
        });
  }

  @Override
  public Page<AuditEvent> auditEvents(AuditQuery query, PageRequest page) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT seq, at, principal, tenant, action, resource, request_id, source, outcome"
                + " FROM audit_events WHERE 1 = 1");
    List<Object> values = new ArrayList<>();
    query
        .principal()
        .ifPresent(
            principal -> {
              sql.append(" AND principal = ?");
              values.add(principal);
            });
    query
        .tenant()
        .ifPresent(
            tenant -> {
              sql.append(" AND tenant = ?");
              values.add(tenant);
            });
    query
        .since()
        .ifPresent(
            since -> {
              sql.append(" AND at >= ?");
              values.add(nanos(since));
            });
    return page(
        sql.toString(),
        values,
        page,
        true,
        row ->
            new AuditEvent(
                instant(row.getLong("at")),
                row.getString("principal"),
                row.getString("tenant"),
                row.getString("action"),
                row.getString("resource"),
                row.getString("request_id"),
                row.getString("source"),
                row.getString("outcome")));
  }

  // Secrets at rest.

  /**
   * Seals again, with the current key, every stored secret sealed with another key (or not sealed),
   * and returns how many rows changed.
   */
  int rewrapSecrets() {
    int changed = 0;
    List<String[]> keys =
        query(
            "SELECT id, md5_key FROM attachments WHERE md5_key IS NOT NULL",
            s -> {},
            row -> new String[] {row.getString(1), row.getString(2)});
    for (String[] row : keys) {
      if (cipher.isStale(row[1])) {
        String sealed = cipher.seal(cipher.open(row[1]));
        changed +=
            update(
                "UPDATE attachments SET md5_key = ? WHERE id = ?",
                s -> {
                  s.setString(1, sealed);
                  s.setString(2, row[0]);
                });
      }
    }
    List<String> operations =
        query(
            "SELECT id FROM operations WHERE previous LIKE '%md5Key%' OR response LIKE '%md5Key%'",
            s -> {}, row -> row.getString(1));
    for (String id : operations) {
      Operation operation = operation(id).orElseThrow();
      changed +=
          update(
              "UPDATE operations SET previous = ?, response = ? WHERE id = ?",
              s -> {
                s.setString(1, JsonColumns.resourceState(operation.previous(), cipher));
                s.setString(
                    2,
                    operation
                        .response()
                        .map(r -> JsonColumns.resourceState(r, cipher))
                        .orElse(null));
                s.setString(3, id);
              });
    }
    return changed;
  }

  private int count(String sql, Binder binder) {
    return queryOne(sql, binder, row -> row.getInt(1)).orElse(0);
  }
}
