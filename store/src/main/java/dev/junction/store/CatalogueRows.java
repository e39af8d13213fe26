package dev.junction.store;

import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Partner;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.store.PortQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The catalogue's rows: points of presence, partners, routers and ports. */
final class CatalogueRows {
  private static final String POP_COLUMNS =
      "seq, id, name, location_address, connection_points, site, facility_name, facility_address";
  private static final String PARTNER_COLUMNS = "seq, id, name, url, pop_ids, up";
  private static final String ROUTER_COLUMNS =
      "id, pop_id, name, router_id_address, announced_prefixes";
  private static final String PORT_COLUMNS =
      "p.id, p.name, p.pop_id, p.router_id, p.speed, p.bandwidth_mbps, p.transceiver,"
          + " p.device_name, p.kernel_interface";

  private final Statements sql;

  CatalogueRows(Statements sql) {
    this.sql = sql;
  }

  // Points of presence.

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

  Optional<PointOfPresence> pointOfPresence(String id) {
    return sql.queryOne(
        "SELECT " + POP_COLUMNS + " FROM points_of_presence WHERE id = ?",
        s -> s.setString(1, id),
        CatalogueRows::pointOfPresence);
  }

  Page<PointOfPresence> pointsOfPresence(NameFilter names, PageRequest page) {
    StringBuilder query =
        new StringBuilder("SELECT " + POP_COLUMNS + " FROM points_of_presence WHERE 1 = 1");
    List<Object> values = new ArrayList<>();
    Statements.appendNames(query, values, names);
    return sql.page(query.toString(), values, page, false, CatalogueRows::pointOfPresence);
  }

  void upsertPointOfPresence(PointOfPresence pop) {
    sql.update(
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

  // Partners.

  private static Partner partner(ResultSet row) throws SQLException {
    return new Partner(
        row.getString("id"),
        row.getString("name"),
        row.getString("url"),
        JsonColumns.strings(row.getString("pop_ids")),
        row.getLong("up") != 0);
  }

  Optional<Partner> partner(String id) {
    return sql.queryOne(
        "SELECT " + PARTNER_COLUMNS + " FROM partners WHERE id = ?",
        s -> s.setString(1, id),
        CatalogueRows::partner);
  }

  Page<Partner> partners(NameFilter names, PageRequest page) {
    StringBuilder query =
        new StringBuilder("SELECT " + PARTNER_COLUMNS + " FROM partners WHERE 1 = 1");
    List<Object> values = new ArrayList<>();
    Statements.appendNames(query, values, names);
    return sql.page(query.toString(), values, page, false, CatalogueRows::partner);
  }

  void upsertPartner(Partner partner) {
    sql.update(
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

  // Routers.

  private static Router router(ResultSet row) throws SQLException {
    return new Router(
        row.getString("id"),
        row.getString("pop_id"),
        row.getString("name"),
        row.getString("router_id_address"),
        JsonColumns.prefixes(row.getString("announced_prefixes")));
  }

  Optional<Router> router(String id) {
    return sql.queryOne(
        "SELECT " + ROUTER_COLUMNS + " FROM routers WHERE id = ?",
        s -> s.setString(1, id),
        CatalogueRows::router);
  }

  List<Router> routers() {
    return sql.query(
        "SELECT " + ROUTER_COLUMNS + " FROM routers ORDER BY id", s -> {}, CatalogueRows::router);
  }

  void upsertRouter(Router router) {
    sql.update(
        "INSERT INTO routers (id, pop_id, name, router_id_address, announced_prefixes)"
            + " VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET pop_id = excluded.pop_id, name = excluded.name,"
            + " router_id_address = excluded.router_id_address,"
            + " announced_prefixes = excluded.announced_prefixes",
        s -> {
          s.setString(1, router.id());
          s.setString(2, router.popId());
          s.setString(3, router.name());
          s.setString(4, router.routerIdAddress());
          s.setString(5, JsonColumns.prefixes(router.announcedPrefixes()));
        });
  }

  // Ports.

  /** Reads a port; one stored before ports had a kernel interface is on the default one. */
  private static Port port(ResultSet row) throws SQLException {
    String name = row.getString("name");
    String kernelInterface = row.getString("kernel_interface");
    return new Port(
        row.getString("id"),
        name,
        row.getString("pop_id"),
        row.getString("router_id"),
        row.getString("speed"),
        Bandwidth.mbps(row.getLong("bandwidth_mbps")),
        TransceiverType.valueOf(row.getString("transceiver")),
        row.getString("device_name"),
        kernelInterface.isEmpty() ? Port.defaultKernelInterface(name) : kernelInterface);
  }

  Optional<Port> port(String id) {
    return sql.queryOne(
        "SELECT " + PORT_COLUMNS + " FROM ports p WHERE p.id = ?",
        s -> s.setString(1, id),
        CatalogueRows::port);
  }

  List<Port> portsAt(String popId) {
    return sql.query(
        "SELECT " + PORT_COLUMNS + " FROM ports p WHERE p.pop_id = ? ORDER BY p.router_id, p.name",
        s -> s.setString(1, popId),
        CatalogueRows::port);
  }

  List<Port> freePortsAt(String popId) {
    return sql.query(
        "SELECT "
            + PORT_COLUMNS
            + " FROM ports p WHERE p.pop_id = ?"
            + " AND NOT EXISTS (SELECT 1 FROM trunk_ports t WHERE t.port_id = p.id)"
            + " ORDER BY p.router_id, p.name",
        s -> s.setString(1, popId),
        CatalogueRows::port);
  }

  Page<Port> ports(PortQuery query, PageRequest page) {
    StringBuilder select =
        new StringBuilder("SELECT p.seq AS seq, " + PORT_COLUMNS + " FROM ports p WHERE 1 = 1");
    List<Object> values = new ArrayList<>();
    query.popIds().ifPresent(pops -> Statements.appendIn(select, values, "p.pop_id", pops));
    query
        .speed()
        .ifPresent(
            speed -> {
              select.append(" AND UPPER(p.speed) = UPPER(?)");
              values.add(speed);
            });
    query
        .occupied()
        .ifPresent(
            occupied ->
                select
                    .append(occupied ? " AND EXISTS" : " AND NOT EXISTS")
                    .append(" (SELECT 1 FROM trunk_ports t WHERE t.port_id = p.id)"));
    return sql.page(select.toString(), values, page, false, CatalogueRows::port);
  }

  Optional<String> trunkHoldingPort(String portId) {
    return sql.queryOne(
        "SELECT trunk_id FROM trunk_ports WHERE port_id = ?",
        s -> s.setString(1, portId),
        row -> row.getString(1));
  }

  void upsertPort(Port port) {
    sql.update(
        "INSERT INTO ports (id, name, pop_id, router_id, speed, bandwidth_mbps, transceiver,"
            + " device_name, kernel_interface) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, pop_id = excluded.pop_id,"
            + " router_id = excluded.router_id, speed = excluded.speed,"
            + " bandwidth_mbps = excluded.bandwidth_mbps, transceiver = excluded.transceiver,"
            + " device_name = excluded.device_name, kernel_interface = excluded.kernel_interface",
        s -> {
          s.setString(1, port.id());
          s.setString(2, port.name());
          s.setString(3, port.popId());
          s.setString(4, port.routerId());
          s.setString(5, port.speed());
          s.setLong(6, port.bandwidth().mbps());
          s.setString(7, port.transceiver().name());
          s.setString(8, port.deviceName());
          s.setString(9, port.kernelInterface());
        });
  }
}
