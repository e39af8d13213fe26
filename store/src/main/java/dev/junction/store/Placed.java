package dev.junction.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A stored trunk or attachment as the network sees it: its revision, the router it is placed on
 * (empty for a subject no router could carry when the store was migrated), and the router's desired
 * sequence at its latest change.
 */
record Placed(long revision, Optional<String> routerId, long routerSeq) {

  /** Reads columns {@code revision}, {@code router_id} and {@code router_seq}. */
  static Placed of(ResultSet row) throws SQLException {
    return new Placed(
        row.getLong("revision"),
        Optional.ofNullable(row.getString("router_id")),
        row.getLong("router_seq"));
  }

  /**
   * Returns the sequence the subject takes when saved at {@code revision}: the router's next one if
   * the revision changes, the one it has otherwise.
   */
  long seqAfter(long revision, DesiredSequences sequences) {
    if (revision == this.revision || routerId.isEmpty()) {
      return routerSeq;
    }
    return sequences.advance(routerId.get());
  }
}
