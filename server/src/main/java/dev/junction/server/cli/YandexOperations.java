package dev.junction.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The Yandex API's long-running operations as the command line shows and follows them: without
 * {@code --wait} a mutation prints its operation; with it, the command polls {@code GET
 * /operations/{id}} (and the resource the operation changes, to show its status) until the
 * operation is done, then prints the resource it produced, or fails with the operation's error.
 */
final class YandexOperations {
  static final Table TABLE =
      Table.of(
          Table.field("ID", "/id"),
          Table.field("DESCRIPTION", "/description"),
          Table.computed("RESOURCE", YandexOperations::resourceId),
          Table.computed("DONE", op -> op.path("done").asBoolean() ? "yes" : "no"),
          Table.computed(
              "RESULT",
              op ->
                  op.has("error")
                      ? ApiErrors.codeName(op.path("error").path("code"))
                      : op.path("done").asBoolean() ? "ok" : ""),
          Table.field("CREATED", "/createdAt"));

  private YandexOperations() {}

  /** The id of the resource an operation changes, from its metadata (…Id), or "". */
  static String resourceId(JsonNode operation) {
    for (Map.Entry<String, JsonNode> field : operation.path("metadata").properties()) {
      if (!field.getKey().equals("@type") && field.getKey().endsWith("Id")) {
        return field.getValue().asText();
      }
    }
    return "";
  }

  /** Where the resource of an operation is read, for its status, or null. */
  private static String resourcePath(JsonNode operation) {
    JsonNode metadata = operation.path("metadata");
    if (metadata.hasNonNull("privateConnectionId")) {
      return "/cic/v1/privateConnections/"
          + Api.segment(metadata.get("privateConnectionId").asText());
    }
    if (metadata.hasNonNull("trunkConnectionId")) {
      return "/cic/v1/trunkConnections/" + Api.segment(metadata.get("trunkConnectionId").asText());
    }
    if (metadata.hasNonNull("publicConnectionId")) {
      return "/cic/v1/publicConnections/"
          + Api.segment(metadata.get("publicConnectionId").asText());
    }
    return null;
  }

  /**
   * Prints the outcome of a mutation: the operation without {@code --wait}; with it, the resource
   * the operation produced (or the operation, for one that produces none) once it is done.
   */
  static int finish(Session session, JsonNode operation, WaitOptions wait, Table resource) {
    return finish(session, operation, wait, resource, false);
  }

  /**
   * As {@link #finish(Session, JsonNode, WaitOptions, Table)}; with {@code cancelling}, an
   * operation that ends CANCELLED is what was asked for, not a failure.
   */
  static int finish(
      Session session, JsonNode operation, WaitOptions wait, Table resource, boolean cancelling) {
    Printer printer = session.printer();
    if (!wait.wait) {
      printer.one(operation, TABLE);
      return 0;
    }
    JsonNode done = await(session, operation, new Poller(wait.timeout), cancelling);
    JsonNode response = done.path("response");
    if (response.isObject() && response.size() > 1 && resource != null) {
      ObjectNode bare = response.deepCopy();
      bare.remove("@type");
      printer.one(bare, resource);
    } else {
      printer.one(done, TABLE);
    }
    return 0;
  }

  /** Follows an operation until it is done, with progress on stderr; fails if it failed. */
  static JsonNode await(Session session, JsonNode operation, Poller poller, boolean cancelling) {
    Api api = session.api();
    String id = operation.path("id").asText();
    String subject = "operation " + id + " (" + operation.path("description").asText("") + ")";
    Progress progress = Progress.onStderr(subject, session.env());
    String resourcePath = resourcePath(operation);
    JsonNode current = operation;
    while (!current.path("done").asBoolean()) {
      progress.state(state(api, resourcePath));
      if (!poller.pause(progress)) {
        progress.done("still running after " + poller.timeout().toSeconds() + " s");
        throw new CliException(
            "gave up waiting for operation "
                + id
                + " after --timeout "
                + poller.timeout().toSeconds()
                + "s; it goes on on the server: follow it with"
                + " `junction cic operations wait "
                + id
                + "`",
            CliException.TIMED_OUT);
      }
      current = api.get("/operations/" + Api.segment(id));
    }
    if (cancelling && ApiErrors.codeName(current.path("error").path("code")).equals("CANCELLED")) {
      progress.done("cancelled");
      return current;
    }
    if (current.has("error")) {
      progress.done("failed");
      throw new CliException(
          "operation "
              + id
              + " ("
              + current.path("description").asText("")
              + ") failed: "
              + ApiErrors.status(current.path("error")),
          CliException.REFUSED);
    }
    progress.done("done");
    return current;
  }

  /** The state shown while an operation runs: its resource's status, or "running". */
  private static String state(Api api, String resourcePath) {
    if (resourcePath == null) {
      return "running";
    }
    Api.Answer answer = api.exchange("GET", resourcePath, null);
    if (answer.status() == 404) {
      return "running (gone)";
    }
    if (!answer.ok()) {
      return "running";
    }
    return "running (" + answer.json().path("status").asText("status unknown") + ")";
  }
}
