package dev.junction.store;

import static dev.junction.store.JsonColumns.instant;
import static dev.junction.store.JsonColumns.nanos;

import dev.junction.core.network.Observation;
import java.util.Optional;

/** The observations' rows: what the network last reported about each trunk and attachment. */
final class ObservationRows {
  private final Statements sql;

  ObservationRows(Statements sql) {
    this.sql = sql;
  }

  Optional<Observation> observation(String subjectId) {
    return sql.queryOne(
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

  boolean saveObservation(Observation observation, long epoch, long reportSeq) {
    sql.update(
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
}
