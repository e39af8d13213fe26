package dev.junction.server.console;

import static java.util.Objects.requireNonNull;

import dev.junction.core.operation.Operation;
import dev.junction.core.operation.Operations;
import dev.junction.core.problem.Problem;
import java.util.List;

/**
 * The console's page of operations: those still running, and the latest that failed with their
 * errors. Each shows only the operations of scopes the viewer may read.
 */
final class OperationPages {
  /** The most operations each table shows. */
  static final int SHOWN = 100;

  private final Operations operations;

  OperationPages(Operations operations) {
    this.operations = requireNonNull(operations, "operations");
  }

  Screen page(Viewer viewer) {
    List<Operation> running = operations.unfinished(viewer.caller(), SHOWN);
    List<Operation> failed = operations.failed(viewer.caller(), SHOWN);
    Html html = new Html();
    html.element("h1", "Operations");
    html.element("h2", "Running");
    if (running.isEmpty()) {
      html.raw("<p id=\"running-none\">No operation is running.</p>");
    } else {
      html.raw("<table id=\"running\">")
          .headers("ID", "Description", "Resource", "Scope", "By", "Started", "Deadline");
      for (Operation operation : running) {
        html.row(
            operation.id(),
            operation.description(),
            operation.resourceId(),
            operation.scope(),
            operation.createdBy(),
            Html.time(operation.createdAt()),
            Html.time(operation.deadline()));
      }
      html.raw("</table>");
    }
    html.element("h2", "Failed");
    if (failed.isEmpty()) {
      html.raw("<p>No operation has failed.</p>");
    } else {
      html.raw("<table id=\"failed\">")
          .headers("ID", "Description", "Resource", "Scope", "By", "Ended", "Error");
      for (Operation operation : failed) {
        html.row(
            operation.id(),
            operation.description(),
            operation.resourceId(),
            operation.scope(),
            operation.createdBy(),
            Html.time(operation.modifiedAt()),
            operation.error().map(Problem::message).orElse(""));
      }
      html.raw("</table>");
    }
    return Screen.ok("Operations", html, !running.isEmpty());
  }
}
