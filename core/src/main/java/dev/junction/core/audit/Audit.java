package dev.junction.core.audit;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.store.Store;

/**
 * The audit log's use cases: append an event (it is never changed or removed), and let the operator
 * read events, newest first.
 */
public final class Audit {
  private final Store store;

  public Audit(Store store) {
    this.store = requireNonNull(store, "store");
  }

  /** Appends {@code event} to the log, in a transaction of its own. */
  public void record(AuditEvent event) {
    store.write(
        tx -> {
          tx.appendAudit(event);
          return null;
        });
  }

  /** Returns the events {@code query} selects, newest first; for the operator only. */
  public Page<AuditEvent> query(Caller caller, AuditQuery query, PageRequest page) {
    AccessGuard.operator(caller, "reading the audit log");
    return store.read(tx -> tx.auditEvents(query, page));
  }
}
