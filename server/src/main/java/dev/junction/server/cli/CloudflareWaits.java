package dev.junction.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * {@code --wait} in the Cloudflare vocabulary, which has no operations: an interconnect is followed
 * by its {@code /status} until Healthy (or Down, which fails); a change the server accepted but
 * answered as still being applied (503, code 1010) is followed by reading the resource until it is
 * there, changed, or gone.
 */
final class CloudflareWaits {
  private CloudflareWaits() {}

  /** Follows an interconnect's status until Healthy; fails on Down with its reason. */
  static void healthy(Session session, String interconnectPath, String name, WaitOptions wait) {
    Api api = session.api();
    Poller poller = new Poller(wait.timeout);
    Progress progress = Progress.onStderr("interconnect " + name, session.env());
    while (true) {
      JsonNode status = api.get(interconnectPath + "/status");
      String state = status.path("state").asText("?");
      String reason = status.path("reason").asText("");
      String shown = reason.isEmpty() ? state : state + ": " + reason;
      if (state.equals("Healthy")) {
        progress.done(shown);
        return;
      }
      if (state.equals("Down")) {
        progress.done(shown);
        throw new CliException(
            "interconnect " + name + " is Down: " + (reason.isEmpty() ? "no reason given" : reason),
            CliException.REFUSED);
      }
      progress.state(shown);
      if (!poller.pause(progress)) {
        progress.done("still " + shown);
        throw timedOut("interconnect " + name, poller, "junction cni interconnects status " + name);
      }
    }
  }

  /**
   * Follows a resource with GET until {@code until} says yes of the answer (a 404 reads as an
   * answer with status 404); returns that answer.
   */
  static Api.Answer until(
      Session session,
      String path,
      String subject,
      WaitOptions wait,
      String hint,
      Function<Api.Answer, Boolean> until) {
    Api api = session.api();
    Poller poller = new Poller(wait.timeout);
    Progress progress = Progress.onStderr(subject, session.env());
    while (true) {
      Api.Answer answer = api.exchange("GET", path, null);
      if (until.apply(answer)) {
        progress.done("done");
        return answer;
      }
      if (!answer.ok() && answer.status() != 404) {
        progress.done("failed");
        throw Api.refused(answer);
      }
      progress.state("being applied");
      if (!poller.pause(progress)) {
        progress.done("still being applied");
        throw timedOut(subject, poller, hint);
      }
    }
  }

  /**
   * Follows what the network made of a resource, at Junction's own {@code
   * /junction/v1/network/{id}} (neither public API shows it), until the router runs its latest
   * revision. A resource that disappears meanwhile was rolled back.
   */
  static void applied(Session session, String id, String subject, WaitOptions wait) {
    Api api = session.api();
    Poller poller = new Poller(wait.timeout);
    Progress progress = Progress.onStderr(subject, session.env());
    String path = "/junction/v1/network/" + Api.segment(id);
    while (true) {
      Api.Answer answer = api.exchange("GET", path, null);
      if (answer.status() == 404) {
        progress.done("gone");
        throw new CliException(
            subject
                + " is gone: the network could not carry the change out and it was rolled"
                + " back",
            CliException.REFUSED);
      }
      if (!answer.ok()) {
        progress.done("failed");
        throw Api.refused(answer);
      }
      long revision = answer.json().path("revision").asLong();
      long applied = answer.json().path("appliedRevision").asLong();
      if (applied >= revision) {
        progress.done("applied");
        return;
      }
      progress.state("being applied (revision " + applied + " of " + revision + ")");
      if (!poller.pause(progress)) {
        progress.done("still being applied");
        throw timedOut(subject, poller, "junction cni cnis get " + id);
      }
    }
  }

  /** Says that a change was accepted and goes on, when --wait was not given. */
  static void accepted(Api.Answer answer) {
    System.err.println(
        "accepted, still being applied: "
            + answer.json().path("errors").path(0).path("message").asText("")
            + " (use --wait to follow it)");
  }

  private static CliException timedOut(String subject, Poller poller, String hint) {
    return new CliException(
        "gave up waiting for "
            + subject
            + " after --timeout "
            + poller.timeout().toSeconds()
            + "s; it goes on on the server: see `"
            + hint
            + "`",
        CliException.TIMED_OUT);
  }
}
