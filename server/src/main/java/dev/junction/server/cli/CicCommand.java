package dev.junction.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code junction cic}: the Yandex Cloud Interconnect vocabulary, over the API's REST mapping
 * ({@code /cic/v1/...}, {@code /operations/...}) exactly as a client calls it.
 */
@Command(
    name = "cic",
    mixinStandardHelpOptions = true,
    description = "Cloud Interconnect resources in the Yandex vocabulary (the /cic/v1 REST API).",
    subcommands = {
      PrivateConnectionCommands.class,
      TrunkCommands.Trunks.class,
      TrunkCommands.Tickets.class,
      TrunkCommands.PointsOfPresence.class,
      TrunkCommands.Partners.class,
      CicCommand.Operations.class
    })
public final class CicCommand implements Runnable {
  @Mixin ClientOptions options;

  private Session session;

  /** The session of this run, made on first use. */
  Session session() {
    if (session == null) {
      session = new Session(options, Map.copyOf(System.getenv()));
    }
    return session;
  }

  @Override
  public void run() {
    throw CliException.usage(
        "Missing a command: private-connections, trunks, trunk-tickets, points-of-presence,"
            + " partners or operations");
  }

  /** {@code junction cic operations}: get, wait for and cancel operations. */
  @Command(
      name = "operations",
      mixinStandardHelpOptions = true,
      description = "Long-running operations: get, wait, cancel.")
  static final class Operations implements Runnable {
    @ParentCommand CicCommand cic;

    @Override
    public void run() {
      throw CliException.usage("Missing a command: get, wait or cancel");
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows an operation.")
    int get(@Parameters(paramLabel = "OPERATION_ID") String id) {
      Session session = cic.session();
      session
          .printer()
          .one(session.api().get("/operations/" + Api.segment(id)), YandexOperations.TABLE);
      return 0;
    }

    @Command(
        name = "wait",
        mixinStandardHelpOptions = true,
        description =
            "Waits until an operation is done, showing progress on stderr; exits 1 with its error"
                + " if it failed.")
    int await(@Parameters(paramLabel = "OPERATION_ID") String id, @Mixin WaitOptions wait) {
      Session session = cic.session();
      JsonNode operation = session.api().get("/operations/" + Api.segment(id));
      wait.wait = true;
      return YandexOperations.finish(session, operation, wait, null);
    }

    @Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description = "Cancels an operation (best effort: a finished one is shown as it is).")
    int cancel(@Parameters(paramLabel = "OPERATION_ID") String id, @Mixin WaitOptions wait) {
      Session session = cic.session();
      JsonNode operation =
          session
              .api()
              .call(
                  "POST",
                  "/operations/" + Api.segment(id) + ":cancel",
                  Api.JSON.createObjectNode());
      return YandexOperations.finish(session, operation, wait, null, true);
    }
  }
}
