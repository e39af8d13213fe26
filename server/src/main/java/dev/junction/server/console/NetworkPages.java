package dev.junction.server.console;

import static java.util.Objects.requireNonNull;

import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.Condition;
import dev.junction.core.network.ConditionType;
import dev.junction.core.network.Network;
import dev.junction.core.network.NetworkEvent;
import dev.junction.core.network.NetworkView;
import dev.junction.core.network.Observation;
import dev.junction.core.network.RouterStatus;
import dev.junction.network.plan.Planner;
import dev.junction.network.plan.RouterPlan;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The console's pages of the network, for the operator: every router with its owner and how far it
 * has applied its desired state, and one router with its sessions (state, since, prefixes, last
 * error), the plan of its pending changes (secrets masked) and its latest events.
 */
final class NetworkPages {
  /** The most subjects a router's page shows. */
  static final int SUBJECTS = 200;

  private final Network network;
  private final Planner planner;
  private final Function<String, Optional<String>> serverDriver;

  NetworkPages(Network network, Planner planner, Function<String, Optional<String>> serverDriver) {
    this.network = requireNonNull(network, "network");
    this.planner = requireNonNull(planner, "planner");
    this.serverDriver = requireNonNull(serverDriver, "serverDriver");
  }

  Screen routers(Viewer viewer) {
    List<RouterStatus> routers = network.view().routers(viewer.caller());
    Html html = new Html();
    html.element("h1", "Routers");
    html.raw("<table id=\"routers\">")
        .headers(
            "Router", "Driver", "Owner", "Last heard", "Desired", "Applied", "Pending changes");
    boolean pending = false;
    for (RouterStatus router : routers) {
      boolean behind = router.appliedSeq() < router.desiredSeq();
      pending |= behind;
      html.raw("<tr><td>")
          .link("/console/routers/" + router.routerId(), router.routerId())
          .raw("</td>");
      html.element("td", router.agent().map(AgentInfo::driver).orElse("-"))
          .element("td", router.owner().orElse("none"))
          .element("td", Html.time(router.lastHeardAt()))
          .element("td", Long.toString(router.desiredSeq()))
          .element("td", Long.toString(router.appliedSeq()))
          .raw("<td>")
          .badge(behind ? "PENDING" : "IN_SYNC")
          .raw("</td></tr>");
    }
    html.raw("</table>");
    if (routers.isEmpty()) {
      html.raw("<p>No routers in the catalogue.</p>");
    }
    return Screen.ok("Routers", html, pending);
  }

  Screen router(Viewer viewer, String routerId) {
    NetworkView.RouterView view =
        network.view().router(viewer.caller(), routerId, Optional.empty(), SUBJECTS);
    RouterStatus status = view.status();
    RouterPlan plan =
        planner.plan(status, serverDriver.apply(routerId), Optional.empty(), SUBJECTS);
    Html html = new Html();
    html.raw("<h1>Router <span id=\"router-id\">").text(routerId).raw("</span></h1>");
    html.raw("<p>")
        .text(
            "Driver "
                + status.agent().map(AgentInfo::driver).orElse("unknown")
                + ", owner "
                + status.owner().orElse("none")
                + ", last heard "
                + Html.time(status.lastHeardAt())
                + ", desired sequence "
                + status.desiredSeq()
                + ", applied "
                + status.appliedSeq()
                + ".")
        .raw("</p>");
    if (view.liveness().silent()) {
      html.raw("<p class=\"problem\">").text(view.liveness().message()).raw("</p>");
    }
    boolean unsettled = sessions(html, view.subjects());
    boolean pending = plan(html, plan);
    events(html, view.events());
    return Screen.ok("Router " + routerId, html, unsettled || pending);
  }

  /** Writes the subjects' table; returns whether one has not applied its revision yet. */
  private static boolean sessions(Html html, List<NetworkView.SubjectView> subjects) {
    html.element("h2", "Trunks and sessions");
    html.raw("<table id=\"sessions\">")
        .headers(
            "Subject",
            "Kind",
            "Revision",
            "Applied",
            "Link",
            "BGP state",
            "Since",
            "Prefixes received",
            "Last error");
    boolean unsettled = false;
    for (NetworkView.SubjectView subject : subjects) {
      Optional<Observation> observed = subject.observation();
      long applied = observed.map(Observation::appliedRevision).orElse(0L);
      unsettled |= applied < subject.revision();
      Optional<BgpObservation> bgp = observed.flatMap(Observation::bgp);
      html.raw("<tr data-subject=\"").text(subject.subjectId()).raw("\">");
      html.element("td", subject.subjectId())
          .element("td", subject.kind())
          .element("td", Long.toString(subject.revision()))
          .element("td", Long.toString(applied))
          .raw("<td>")
          .badge(condition(observed, ConditionType.LINK_UP))
          .raw("</td><td class=\"bgp\">")
          .badge(bgp.map(BgpObservation::state).orElse("-"))
          .raw("</td>")
          .element("td", bgp.map(b -> Html.time(b.since())).orElse("-"))
          .element("td", bgp.map(b -> Long.toString(b.routesImported())).orElse("-"))
          .element("td", lastError(observed))
          .raw("</tr>");
    }
    html.raw("</table>");
    if (subjects.isEmpty()) {
      html.raw("<p>Nothing runs on this router yet.</p>");
    }
    return unsettled;
  }

  private static String condition(Optional<Observation> observed, ConditionType type) {
    return observed
        .flatMap(o -> o.condition(type))
        .map(Condition::status)
        .map(s -> s.name())
        .orElse("-");
  }

  private static String lastError(Optional<Observation> observed) {
    if (observed.isEmpty()) {
      return "";
    }
    Observation o = observed.get();
    if (!o.failure().isEmpty()) {
      return "revision " + o.failedRevision() + " refused: " + o.failure();
    }
    return o.bgp().map(BgpObservation::lastError).orElse("");
  }

  /** Writes the plan; returns whether it has any change. */
  private static boolean plan(Html html, RouterPlan plan) {
    html.element("h2", "Plan: pending changes");
    html.raw("<p>").text(plan.rendering()).raw("</p>");
    plan.header()
        .ifPresent(
            header -> {
              html.raw("<p>")
                  .text(
                      "The header changes from "
                          + (header.runningHash().isEmpty() ? "none" : header.runningHash())
                          + " to "
                          + header.desiredHash()
                          + ".")
                  .raw("</p>");
              artifacts(html, header.artifacts());
            });
    if (plan.steps().isEmpty() && plan.header().isEmpty()) {
      html.raw("<p id=\"plan-empty\">No pending changes: the router runs its desired state.</p>");
      return false;
    }
    html.raw("<table id=\"plan\">")
        .headers("Subject", "Kind", "Action", "Revision", "Applied", "Why", "Configuration");
    for (RouterPlan.Step step : plan.steps()) {
      html.raw("<tr>")
          .element("td", step.subjectId())
          .element("td", step.kind())
          .raw("<td>")
          .badge(step.action().name())
          .raw("</td>")
          .element("td", Long.toString(step.revision()))
          .element("td", Long.toString(step.appliedRevision()))
          .element("td", step.reason())
          .raw("<td>");
      artifacts(html, step.artifacts());
      html.raw("</td></tr>");
    }
    html.raw("</table>");
    return true;
  }

  private static void artifacts(Html html, List<RouterPlan.ShownArtifact> artifacts) {
    for (RouterPlan.ShownArtifact artifact : artifacts) {
      html.raw("<details><summary>")
          .text(artifact.name())
          .raw("</summary><pre>")
          .text(artifact.content())
          .raw("</pre></details>");
    }
  }

  private static void events(Html html, List<NetworkEvent> events) {
    html.element("h2", "Latest events");
    if (events.isEmpty()) {
      html.raw("<p>None.</p>");
      return;
    }
    html.raw("<table id=\"events\">").headers("At", "Kind", "Subject", "Message");
    for (NetworkEvent event : events) {
      html.row(
          Html.time(event.at()),
          event.kind().name().toLowerCase(Locale.ROOT),
          event.subjectId(),
          event.message());
    }
    html.raw("</table>");
  }
}
