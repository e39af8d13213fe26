package dev.junction.server.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.attachment.Peering;
import dev.junction.core.attachment.Routing;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.AgentReport;
import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.DesiredChanges;
import dev.junction.core.network.DesiredSnapshot;
import dev.junction.core.network.EventKind;
import dev.junction.core.network.FaultKind;
import dev.junction.core.network.JointKind;
import dev.junction.core.network.LinkObservation;
import dev.junction.core.network.NetworkEvent;
import dev.junction.core.network.NetworkFault;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.SubjectIntent;
import dev.junction.core.network.SubjectReport;
import dev.junction.core.network.TrunkIntent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JSON of the agent API, both ways: what the server sends an agent (a snapshot page, changes,
 * an epoch) and what an agent sends the server (who it is, its reports). The server and {@code
 * junction agent} use this one class, so the two ends cannot disagree.
 *
 * <p>Reading is strict: a field of the wrong type, a missing required field, a field given twice or
 * a value no record may hold is a {@link Malformed} that names the field (its path, such as {@code
 * subjects[2].bgp.since}) and the rule, never the value. Fields this version does not know are
 * passed over, so that an agent and a server one version apart still talk.
 *
 * <p>BGP MD5 keys travel in clear inside session intents ({@code peering.md5Key}): the agent must
 * configure them on the router. The channel is authenticated by the agent's credential; in
 * production, put TLS in front of the agent API. Nothing here logs or puts a value in a message.
 */
public final class AgentWire {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private AgentWire() {}

  /** Reports that a JSON document does not have the shape of the agent API. */
  public static final class Malformed extends RuntimeException {
    public Malformed(String message) {
      super(message, null, false, false);
    }
  }

  // Documents.

  /** Returns {@code text} as a JSON object, or throws {@link Malformed} if it is not one. */
  public static JsonNode parse(String text) {
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new Malformed("the body is not valid JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw new Malformed("the body must be a JSON object");
    }
    return tree;
  }

  /** Returns an empty object, to add fields to. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  // Who an agent is.

  /** Returns {@code info} as JSON. */
  public static ObjectNode write(AgentInfo info) {
    ObjectNode node =
        object()
            .put("driver", info.driver())
            .put("version", info.version())
            .put("host", info.host());
    ObjectNode settings = node.putObject("settings");
    info.settings().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> settings.put(e.getKey(), e.getValue()));
    return node;
  }

  /** Reads an agent's description of itself. */
  public static AgentInfo readInfo(JsonNode node) {
    return agentInfo(new In(node, ""));
  }

  private static AgentInfo agentInfo(In in) {
    return new AgentInfo(
        in.text("driver"), in.text("version"), in.text("host"), in.textMap("settings"));
  }

  // Reports.

  /** Returns {@code report} as JSON. */
  public static ObjectNode write(AgentReport report) {
    ObjectNode node =
        object()
            .put("routerId", report.routerId())
            .put("epoch", report.epoch())
            .put("seq", report.seq())
            .put("appliedSeq", report.appliedSeq())
            .put("headerHash", report.headerHash());
    node.set("agent", write(report.agent()));
    ArrayNode subjects = node.putArray("subjects");
    report.subjects().forEach(s -> subjects.add(write(s)));
    ArrayNode events = node.putArray("events");
    report.events().forEach(e -> events.add(write(e)));
    return node;
  }

  /** Reads a report. */
  public static AgentReport readReport(JsonNode node) {
    In in = new In(node, "");
    return new AgentReport(
        in.text("routerId"),
        in.number("epoch", 0),
        in.number("seq", 0),
        in.number("appliedSeq", 0),
        in.text("headerHash"),
        agentInfo(in.object("agent")),
        in.list("subjects", AgentWire::subjectReport),
        in.list("events", AgentWire::event));
  }

  private static ObjectNode write(SubjectReport report) {
    ObjectNode node =
        object()
            .put("subjectId", report.subjectId())
            .put("appliedRevision", report.appliedRevision())
            .put("appliedHash", report.appliedHash())
            .put("refusedRevision", report.refusedRevision())
            .put("refusal", report.refusal());
    report
        .link()
        .ifPresent(
            link ->
                node.putObject("link")
                    .put("up", link.up())
                    .put("reason", link.reason())
                    .put("message", link.message()));
    report.bgp().ifPresent(bgp -> node.set("bgp", write(bgp)));
    return node;
  }

  private static SubjectReport subjectReport(In in) {
    return new SubjectReport(
        in.text("subjectId"),
        in.number("appliedRevision", 0),
        in.text("appliedHash"),
        in.number("refusedRevision", 0),
        in.text("refusal"),
        in.optionalObject("link")
            .map(
                link ->
                    new LinkObservation(
                        link.bool("up"), link.text("reason"), link.text("message"))),
        in.optionalObject("bgp").map(AgentWire::bgp));
  }

  private static ObjectNode write(BgpObservation bgp) {
    return object()
        .put("state", bgp.state())
        .put("since", bgp.since().toString())
        .put("lastError", bgp.lastError())
        .put("routesImported", bgp.routesImported())
        .put("routesExported", bgp.routesExported());
  }

  private static BgpObservation bgp(In in) {
    return new BgpObservation(
        in.text("state"),
        in.time("since"),
        in.text("lastError"),
        in.number("routesImported", 0),
        in.number("routesExported", 0));
  }

  private static ObjectNode write(NetworkEvent event) {
    return object()
        .put("routerId", event.routerId())
        .put("at", event.at().toString())
        .put("kind", event.kind().name())
        .put("subjectId", event.subjectId())
        .put("message", event.message());
  }

  private static NetworkEvent event(In in) {
    return new NetworkEvent(
        in.text("routerId"),
        in.time("at"),
        in.enumValue("kind", EventKind.class),
        in.text("subjectId"),
        in.text("message"));
  }

  // The desired state.

  /** Returns a snapshot page as JSON; it holds MD5 keys in clear. */
  public static ObjectNode write(DesiredSnapshot snapshot) {
    ObjectNode node = object().put("routerId", snapshot.routerId()).put("seq", snapshot.seq());
    node.set("header", write(snapshot.header()));
    ArrayNode trunks = node.putArray("trunks");
    snapshot.trunks().forEach(t -> trunks.add(write(t)));
    ArrayNode sessions = node.putArray("sessions");
    snapshot.sessions().forEach(s -> sessions.add(write(s)));
    ObjectNode recorded = node.putObject("recorded");
    snapshot.recorded().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                recorded
                    .putObject(e.getKey())
                    .put("revision", e.getValue().revision())
                    .put("hash", e.getValue().hash()));
    snapshot.next().ifPresent(next -> node.put("next", next));
    return node;
  }

  /** Reads a snapshot page. */
  public static DesiredSnapshot readSnapshot(JsonNode node) {
    In in = new In(node, "");
    Map<String, DesiredSnapshot.Recorded> recorded = new LinkedHashMap<>();
    In map = in.optionalObject("recorded").orElse(new In(object(), "recorded."));
    for (Iterator<String> ids = map.node().fieldNames(); ids.hasNext(); ) {
      String id = ids.next();
      In entry = map.object(id);
      recorded.put(
          id, new DesiredSnapshot.Recorded(entry.number("revision", 0), entry.text("hash")));
    }
    return new DesiredSnapshot(
        in.text("routerId"),
        in.number("seq", 0),
        header(in.object("header")),
        in.list("trunks", AgentWire::trunk),
        in.list("sessions", AgentWire::session),
        recorded,
        in.optionalText("next"));
  }

  /** Returns changes as JSON; they hold MD5 keys in clear. */
  public static ObjectNode write(DesiredChanges changes) {
    ObjectNode node =
        object()
            .put("routerId", changes.routerId())
            .put("since", changes.since())
            .put("seq", changes.seq())
            .put("more", changes.more());
    node.set("header", write(changes.header()));
    ArrayNode changed = node.putArray("changed");
    for (SubjectIntent subject : changes.changed()) {
      switch (subject) {
        case TrunkIntent trunk -> changed.add(write(trunk).put("type", "trunk"));
        case SessionIntent session -> changed.add(write(session).put("type", "session"));
      }
    }
    ArrayNode removed = node.putArray("removed");
    changes.removed().forEach(removed::add);
    return node;
  }

  /** Reads changes. */
  public static DesiredChanges readChanges(JsonNode node) {
    In in = new In(node, "");
    return new DesiredChanges(
        in.text("routerId"),
        in.number("since", 0),
        in.number("seq", 0),
        header(in.object("header")),
        in.list(
            "changed",
            subject ->
                switch (subject.text("type")) {
                  case "trunk" -> trunk(subject);
                  case "session" -> session(subject);
                  default -> throw subject.bad("type", "must be trunk or session");
                }),
        in.texts("removed"),
        in.bool("more"));
  }

  private static ObjectNode write(RouterHeader header) {
    Router router = header.router();
    ObjectNode node = object();
    ObjectNode routerNode =
        node.putObject("router")
            .put("id", router.id())
            .put("popId", router.popId())
            .put("name", router.name())
            .put("routerIdAddress", router.routerIdAddress());
    prefixes(routerNode.putArray("announcedPrefixes"), router.announcedPrefixes());
    ArrayNode faults = node.putArray("faults");
    for (NetworkFault fault : header.faults()) {
      faults.add(
          object()
              .put("routerId", fault.routerId())
              .put("kind", fault.kind().name())
              .put("target", fault.target())
              .put("reason", fault.reason()));
    }
    return node;
  }

  private static RouterHeader header(In in) {
    In router = in.object("router");
    return new RouterHeader(
        new Router(
            router.text("id"),
            router.text("popId"),
            router.text("name"),
            router.address("routerIdAddress").toString(),
            router.prefixes("announcedPrefixes")),
        in.list(
            "faults",
            fault ->
                new NetworkFault(
                    fault.text("routerId"),
                    fault.enumValue("kind", FaultKind.class),
                    fault.text("target"),
                    fault.text("reason"))));
  }

  private static ObjectNode write(TrunkIntent trunk) {
    ObjectNode node =
        object()
            .put("trunkId", trunk.trunkId())
            .put("revision", trunk.revision())
            .put("present", trunk.present())
            .put("joint", trunk.joint().name());
    trunk.interfaceName().ifPresent(name -> node.put("interfaceName", name));
    ArrayNode ports = node.putArray("ports");
    for (Port port : trunk.ports()) {
      ports.add(
          object()
              .put("id", port.id())
              .put("name", port.name())
              .put("popId", port.popId())
              .put("routerId", port.routerId())
              .put("speed", port.speed())
              .put("bandwidthMbps", port.bandwidth().mbps())
              .put("transceiver", port.transceiver().name())
              .put("deviceName", port.deviceName())
              .put("kernelInterface", port.kernelInterface()));
    }
    return node;
  }

  private static TrunkIntent trunk(In in) {
    return new TrunkIntent(
        in.text("trunkId"),
        in.number("revision", 0),
        in.bool("present"),
        in.enumValue("joint", JointKind.class),
        in.optionalText("interfaceName"),
        in.list("ports", AgentWire::port));
  }

  private static Port port(In in) {
    String kernel = in.text("kernelInterface");
    if (!Port.isKernelInterfaceName(kernel)) {
      throw in.bad("kernelInterface", "must be a Linux interface name of 1-15 characters");
    }
    return new Port(
        in.text("id"),
        in.text("name"),
        in.text("popId"),
        in.text("routerId"),
        in.text("speed"),
        new Bandwidth(in.number("bandwidthMbps", 1)),
        in.enumValue("transceiver", TransceiverType.class),
        in.text("deviceName"),
        kernel);
  }

  private static ObjectNode write(SessionIntent session) {
    ObjectNode node =
        object()
            .put("attachmentId", session.attachmentId())
            .put("revision", session.revision())
            .put("present", session.present())
            .put("kind", session.kind().name())
            .put("trunkId", session.trunkId());
    session.parentInterface().ifPresent(name -> node.put("parentInterface", name));
    session.vlan().ifPresent(vlan -> node.put("vlan", vlan.value()));
    Peering peering = session.peering();
    ObjectNode peeringNode =
        node.putObject("peering")
            .put("subnet", peering.subnet().toString())
            .put("peerIp", peering.peerIp().toString())
            .put("cloudIp", peering.cloudIp().toString())
            .put("cloudAsn", peering.cloudAsn().value());
    peering.peerAsn().ifPresent(asn -> peeringNode.put("peerAsn", asn.value()));
    peering.md5Key().ifPresent(key -> peeringNode.put("md5Key", key.reveal()));
    prefixes(node.putArray("staticRoutes"), session.staticRoutes());
    Routing routing = session.routing();
    ObjectNode routingNode =
        node.putObject("routing")
            .put("mtu", routing.mtu())
            .put("acceptsRoutes", routing.acceptsRoutes());
    prefixes(routingNode.putArray("advertisedPrefixes"), routing.advertisedPrefixes());
    prefixes(node.putArray("acceptedPrefixes"), session.acceptedPrefixes());
    return node;
  }

  private static SessionIntent session(In in) {
    In peering = in.object("peering");
    Optional<String> key = peering.optionalText("md5Key");
    if (key.isPresent() && key.get().isEmpty()) {
      throw peering.bad("md5Key", "must not be empty when present");
    }
    In routing = in.object("routing");
    long mtu = routing.number("mtu", Routing.MIN_MTU);
    if (mtu > 9216) {
      throw routing.bad("mtu", "must be " + Routing.MIN_MTU + "-9216");
    }
    Optional<Long> vlan = in.optionalNumber("vlan");
    if (vlan.isPresent() && !VlanId.isValid(vlan.get())) {
      throw in.bad("vlan", "must be " + VlanId.MIN + "-" + VlanId.MAX);
    }
    return new SessionIntent(
        in.text("attachmentId"),
        in.number("revision", 0),
        in.bool("present"),
        in.enumValue("kind", AttachmentKind.class),
        in.text("trunkId"),
        in.optionalText("parentInterface"),
        vlan.map(v -> new VlanId(v.intValue())),
        new Peering(
            peering.prefix("subnet"),
            peering.address("peerIp"),
            peering.address("cloudIp"),
            peering.optionalNumber("peerAsn").map(v -> peering.asn("peerAsn", v)),
            peering.asn("cloudAsn", peering.number("cloudAsn", 0)),
            key.map(Md5Key::of)),
        in.prefixes("staticRoutes"),
        new Routing(
            (int) mtu, routing.prefixes("advertisedPrefixes"), routing.bool("acceptsRoutes")),
        in.prefixes("acceptedPrefixes"));
  }

  private static void prefixes(ArrayNode array, List<Ipv4Prefix> prefixes) {
    prefixes.forEach(p -> array.add(p.toString()));
  }

  /**
   * One JSON object being read, and where it is in the document ({@code path} ends with a dot, or
   * is empty at the top), so that every error names the field.
   */
  private record In(JsonNode node, String path) {
    In {
      if (!node.isObject()) {
        throw new Malformed(
            (path.isEmpty() ? "the body" : path.substring(0, path.length() - 1))
                + ": must be an object");
      }
    }

    Malformed bad(String field, String rule) {
      return new Malformed(path + field + ": " + rule);
    }

    private Optional<JsonNode> value(String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    String text(String field) {
      JsonNode value = value(field).orElseThrow(() -> bad(field, "is required"));
      if (!value.isTextual()) {
        throw bad(field, "must be a string");
      }
      return value.asText();
    }

    Optional<String> optionalText(String field) {
      if (value(field).isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(text(field));
    }

    long number(String field, long min) {
      JsonNode value = value(field).orElseThrow(() -> bad(field, "is required"));
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw bad(field, "must be a whole number");
      }
      long number = value.asLong();
      if (number < min) {
        throw bad(field, "must be at least " + min);
      }
      return number;
    }

    Optional<Long> optionalNumber(String field) {
      if (value(field).isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(number(field, Long.MIN_VALUE));
    }

    boolean bool(String field) {
      JsonNode value = value(field).orElseThrow(() -> bad(field, "is required"));
      if (!value.isBoolean()) {
        throw bad(field, "must be true or false");
      }
      return value.asBoolean();
    }

    Instant time(String field) {
      String text = text(field);
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw bad(field, "must be an RFC 3339 time in UTC, such as 2026-01-31T12:00:00Z");
      }
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type) {
      String text = text(field);
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equals(text.toUpperCase(Locale.ROOT))) {
          return constant;
        }
      }
      List<String> names = new ArrayList<>();
      for (E constant : type.getEnumConstants()) {
        names.add(constant.name());
      }
      throw bad(field, "must be one of " + String.join(", ", names));
    }

    Ipv4Address address(String field) {
      return Ipv4Address.parse(text(field))
          .orElseThrow(() -> bad(field, "must be an IPv4 address (a.b.c.d)"));
    }

    Ipv4Prefix prefix(String field) {
      return Ipv4Prefix.parse(text(field))
          .orElseThrow(() -> bad(field, "must be an IPv4 prefix (a.b.c.d/n)"));
    }

    Asn asn(String field, long value) {
      return Asn.of(value).orElseThrow(() -> bad(field, "must be 0-" + Asn.MAX));
    }

    In object(String field) {
      JsonNode value = value(field).orElseThrow(() -> bad(field, "is required"));
      if (!value.isObject()) {
        throw bad(field, "must be an object");
      }
      return new In(value, path + field + ".");
    }

    Optional<In> optionalObject(String field) {
      if (value(field).isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(object(field));
    }

    private Optional<ArrayNode> array(String field) {
      Optional<JsonNode> value = value(field);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      if (!value.get().isArray()) {
        throw bad(field, "must be a list");
      }
      return Optional.of((ArrayNode) value.get());
    }

    /**
     * Returns the list {@code field} (empty if absent), each element an object read by {@code
     * read}.
     */
    <T> List<T> list(String field, Function<In, T> read) {
      List<T> items = new ArrayList<>();
      Optional<ArrayNode> array = array(field);
      if (array.isEmpty()) {
        return items;
      }
      for (int i = 0; i < array.get().size(); i++) {
        JsonNode item = array.get().get(i);
        String at = path + field + "[" + i + "]";
        if (!item.isObject()) {
          throw new Malformed(at + ": must be an object");
        }
        items.add(read.apply(new In(item, at + ".")));
      }
      return items;
    }

    List<String> texts(String field) {
      List<String> items = new ArrayList<>();
      Optional<ArrayNode> array = array(field);
      if (array.isEmpty()) {
        return items;
      }
      for (int i = 0; i < array.get().size(); i++) {
        JsonNode item = array.get().get(i);
        if (!item.isTextual()) {
          throw new Malformed(path + field + "[" + i + "]: must be a string");
        }
        items.add(item.asText());
      }
      return items;
    }

    List<Ipv4Prefix> prefixes(String field) {
      List<Ipv4Prefix> prefixes = new ArrayList<>();
      List<String> texts = texts(field);
      for (int i = 0; i < texts.size(); i++) {
        int index = i;
        prefixes.add(
            Ipv4Prefix.parse(texts.get(i))
                .orElseThrow(
                    () ->
                        new Malformed(
                            path + field + "[" + index + "]: must be an IPv4 prefix (a.b.c.d/n)")));
      }
      return prefixes;
    }

    Map<String, String> textMap(String field) {
      Map<String, String> map = new LinkedHashMap<>();
      Optional<JsonNode> value = value(field);
      if (value.isEmpty()) {
        return map;
      }
      if (!value.get().isObject()) {
        throw bad(field, "must be an object of strings");
      }
      for (Map.Entry<String, JsonNode> entry : value.get().properties()) {
        if (!entry.getValue().isTextual()) {
          throw new Malformed(path + field + "." + entry.getKey() + ": must be a string");
        }
        map.put(entry.getKey(), entry.getValue().asText());
      }
      return map;
    }
  }
}
