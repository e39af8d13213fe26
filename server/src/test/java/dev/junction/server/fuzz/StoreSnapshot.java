package dev.junction.server.fuzz;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rows of every table of a SQLite database file, read with plain JDBC, except the tables that
 * record requests rather than state (the audit log) or that the server changes on its own, after
 * the request that caused it was answered: router leases, the agents' observations and the session
 * counts kept from them, and the change feed's entries for deleted subjects, which go once the
 * router's owner reports it ran them.
 */
final class StoreSnapshot {
  /** Tables a request may change even when it is refused, or that change while nothing is asked. */
  static final Set<String> EXCLUDED =
      Set.of(
          "audit_events",
          "flyway_schema_history",
          "router_owners",
          "observations",
          "session_counts",
          "network_removals");

  private final Map<String, List<String>> tables;

  private StoreSnapshot(Map<String, List<String>> tables) {
    this.tables = tables;
  }

  /** Reads every table of the database at {@code file}. */
  static StoreSnapshot of(Path file) {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      Map<String, List<String>> tables = new TreeMap<>();
      for (String name : names) {
        if (EXCLUDED.contains(name)) {
          continue;
        }
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT * FROM \"" + name + "\"")) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
              row.append(rs.getString(i)).append('\u001f');
            }
            rows.add(row.toString());
          }
        }
        rows.sort(null);
        tables.put(name, rows);
      }
      return new StoreSnapshot(tables);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + file.getFileName(), e);
    }
  }

  /** Returns how many operations are not done yet. */
  static int pendingOperations(Path file) {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM operations WHERE done = 0")) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + file.getFileName(), e);
    }
  }

  /** Returns the names of the tables whose rows differ between this snapshot and {@code later}. */
  Set<String> changedIn(StoreSnapshot later) {
    Set<String> changed = new TreeSet<>();
    Set<String> names = new TreeSet<>(tables.keySet());
    names.addAll(later.tables.keySet());
    for (String name : names) {
      if (!tables
          .getOrDefault(name, List.of())
          .equals(later.tables.getOrDefault(name, List.of()))) {
        changed.add(name);
      }
    }
    return changed;
  }
}
