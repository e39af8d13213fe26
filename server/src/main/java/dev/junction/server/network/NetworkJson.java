package dev.junction.server.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.network.AgentCredential;
import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.Condition;
import dev.junction.core.network.ConditionType;
import dev.junction.core.network.NetworkEvent;
import dev.junction.core.network.NetworkFault;
import dev.junction.core.network.NetworkView;
import dev.junction.core.network.Observation;
import dev.junction.core.network.RouterStatus;
import dev.junction.network.plan.RouterPlan;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON shapes of what the network shows, shared by the operator API, the tenants' extension
 * endpoint and the {@code junction admin routers} commands: a subject's observed state, a router's
 * status, its events.
 */
public final class NetworkJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private NetworkJson() {}

  /** Returns what the network shows of one trunk or attachment. */
  public static ObjectNode subject(NetworkView.SubjectView view) {
    ObjectNode result =
        JSON.createObjectNode()
            .put("id", view.subjectId())
            .put("kind", view.kind())
            .put("revision", view.revision());
    Optional<Observation> observed = view.observation();
    result.put("appliedRevision", observed.map(Observation::appliedRevision).orElse(0L));
    observed
        .filter(o -> o.failedRevision() > 0)
        .ifPresent(
            o ->
                result
                    .putObject("lastRefusal")
                    .put("revision", o.failedRevision())
                    .put("reason", o.failure()));
    observed.ifPresent(o -> result.put("observedAt", o.observedAt().toString()));
    observed
        .flatMap(o -> o.condition(ConditionType.LINK_UP))
        .ifPresent(
            link ->
                result
                    .putObject("link")
                    .put("state", state(link))
                    .put("reason", link.reason())
                    .put("message", link.message())
                    .put("since", link.lastTransitionTime().toString()));
    Optional<BgpObservation> bgp = observed.flatMap(Observation::bgp);
    Optional<Condition> established =
        observed.flatMap(o -> o.condition(ConditionType.BGP_ESTABLISHED));
    if (bgp.isPresent()) {
      BgpObservation session = bgp.get();
      boolean unknown =
          established
              .map(c -> c.status() == dev.junction.core.network.ConditionStatus.UNKNOWN)
              .orElse(false);
      result
          .putObject("bgp")
          .put("state", unknown ? "Unknown" : session.state())
          .put("since", session.since().toString())
          .put("lastError", unknown ? established.get().message() : session.lastError())
          .put("prefixesReceived", session.routesImported())
          .put("prefixesAdvertised", session.routesExported());
    }
    ArrayNode conditions = result.putArray("conditions");
    observed.ifPresent(o -> o.conditions().forEach(c -> conditions.add(condition(c))));
    result
        .putObject("router")
        .put("silent", view.router().silent())
        .put("lastHeardAt", view.router().lastHeardAt().map(Object::toString).orElse(""))
        .put("message", view.router().message());
    return result;
  }

  private static String state(Condition condition) {
    return switch (condition.status()) {
      case TRUE -> "Up";
      case FALSE -> "Down";
      case UNKNOWN -> "Unknown";
    };
  }

  /** Returns one condition. */
  public static ObjectNode condition(Condition condition) {
    return JSON.createObjectNode()
        .put("type", condition.type().name())
        .put("status", condition.status().name())
        .put("reason", condition.reason())
        .put("message", condition.message())
        .put("observedRevision", condition.observedRevision())
        .put("lastTransitionTime", condition.lastTransitionTime().toString());
  }

  /** Returns a router's network status. */
  public static ObjectNode status(RouterStatus status) {
    ObjectNode result =
        JSON.createObjectNode()
            .put("router", status.routerId())
            .put("desiredSeq", status.desiredSeq())
            .put("appliedSeq", status.appliedSeq())
            .put("owner", status.owner().orElse(""))
            .put("epoch", status.epoch())
            .put("leaseUntil", status.leaseUntil().map(Object::toString).orElse(""))
            .put("lastHeardAt", status.lastHeardAt().map(Object::toString).orElse(""));
    status
        .agent()
        .ifPresent(
            agent -> {
              ObjectNode node =
                  result
                      .putObject("agent")
                      .put("driver", agent.driver())
                      .put("version", agent.version())
                      .put("host", agent.host());
              ObjectNode settings = node.putObject("settings");
              new java.util.TreeMap<>(agent.settings()).forEach(settings::put);
            });
    return result;
  }

  /** Returns one event of a router's history. */
  public static ObjectNode event(NetworkEvent event) {
    return JSON.createObjectNode()
        .put("at", event.at().toString())
        .put("kind", event.kind().name())
        .put("subject", event.subjectId())
        .put("message", event.message());
  }

  /** Returns one injected fault. */
  public static ObjectNode fault(NetworkFault fault) {
    return JSON.createObjectNode()
        .put("router", fault.routerId())
        .put("kind", fault.kind().name().toLowerCase(Locale.ROOT))
        .put("target", fault.target())
        .put("reason", fault.reason());
  }

  /** Returns a router for the operator: status, liveness, a page of subjects, recent events. */
  public static ObjectNode router(NetworkView.RouterView view) {
    ObjectNode result = status(view.status());
    result.put("name", view.header().router().name());
    result.put("routerIdAddress", view.header().router().routerIdAddress());
    ArrayNode announced = result.putArray("announcedPrefixes");
    view.header().router().announcedPrefixes().forEach(p -> announced.add(p.toString()));
    result.put("silent", view.liveness().silent());
    result.put("liveness", view.liveness().message());
    ArrayNode faults = result.putArray("faults");
    view.header().faults().forEach(f -> faults.add(fault(f)));
    ArrayNode subjects = result.putArray("subjects");
    view.subjects().forEach(s -> subjects.add(subject(s)));
    ArrayNode events = result.putArray("events");
    view.events().forEach(e -> events.add(event(e)));
    result.put("nextPageToken", view.next().orElse(""));
    return result;
  }

  /** Returns one page of a router's plan; artifacts are shown with their secrets masked. */
  public static ObjectNode plan(RouterPlan plan) {
    ObjectNode result =
        JSON.createObjectNode()
            .put("router", plan.routerId())
            .put("driver", plan.driver().orElse(""))
            .put("rendering", plan.rendering())
            .put("desiredSeq", plan.desiredSeq())
            .put("appliedSeq", plan.appliedSeq());
    plan.header()
        .ifPresent(
            header -> {
              ObjectNode node =
                  result
                      .putObject("header")
                      .put("runningHash", header.runningHash())
                      .put("desiredHash", header.desiredHash());
              artifacts(node, header.artifacts());
            });
    ArrayNode steps = result.putArray("steps");
    for (RouterPlan.Step step : plan.steps()) {
      ObjectNode node =
          steps
              .addObject()
              .put("subject", step.subjectId())
              .put("kind", step.kind())
              .put("action", step.action().name().toLowerCase(Locale.ROOT))
              .put("revision", step.revision())
              .put("appliedRevision", step.appliedRevision())
              .put("reason", step.reason());
      artifacts(node, step.artifacts());
    }
    result.put("nextPageToken", plan.next().orElse(""));
    return result;
  }

  private static void artifacts(ObjectNode node, java.util.List<RouterPlan.ShownArtifact> shown) {
    ArrayNode artifacts = node.putArray("artifacts");
    shown.forEach(a -> artifacts.addObject().put("name", a.name()).put("content", a.content()));
  }

  /** Returns an agent credential, without its secret (which is never stored). */
  public static ObjectNode credential(AgentCredential credential) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("id", credential.id())
            .put("routerId", credential.routerId())
            .put("name", credential.name())
            .put("createdAt", credential.createdAt().toString())
            .put("revoked", credential.revoked());
    credential.revokedAt().ifPresent(at -> node.put("revokedAt", at.toString()));
    return node;
  }
}
