package dev.junction.store;

import static dev.junction.store.JsonColumns.instant;
import static dev.junction.store.JsonColumns.nanos;

import dev.junction.core.network.EventKind;
import dev.junction.core.network.NetworkEvent;
import java.util.List;

/** The rows of each router's history of events, of which the latest {@value #KEPT} are kept. */
final class NetworkEventRows {
  /** How many events the store keeps per router. */
  static final int KEPT = 1000;

  private final Statements sql;

  NetworkEventRows(Statements sql) {
    this.sql = sql;
  }

  /** Appends {@code event} and drops the router's events older than its latest {@value #KEPT}. */
  void append(NetworkEvent event) {
    sql.update(
        "INSERT INTO network_events (router_id, at, kind, subject_id, message)"
            + " VALUES (?, ?, ?, ?, ?)",
        s -> {
          s.setString(1, event.routerId());
          s.setLong(2, nanos(event.at()));
          s.setString(3, event.kind().name());
          s.setString(4, event.subjectId());
          s.setString(5, event.message());
        });
    sql.update(
        "DELETE FROM network_events WHERE router_id = ? AND seq <= (SELECT seq FROM network_events"
            + " WHERE router_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)",
        s -> {
          s.setString(1, event.routerId());
          s.setString(2, event.routerId());
          s.setInt(3, KEPT);
        });
  }

  List<NetworkEvent> events(String routerId, int limit) {
    return sql.query(
        "SELECT router_id, at, kind, subject_id, message FROM network_events"
            + " WHERE router_id = ? ORDER BY seq DESC LIMIT ?",
        s -> {
          s.setString(1, routerId);
          s.setInt(2, limit);
        },
        row ->
            new NetworkEvent(
                row.getString("router_id"),
                instant(row.getLong("at")),
                EventKind.valueOf(row.getString("kind")),
                row.getString("subject_id"),
                row.getString("message")));
  }
}
