package dev.junction.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.attachment.Peering;
import dev.junction.core.attachment.PublicAccess;
import dev.junction.core.attachment.Routing;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.Condition;
import dev.junction.core.network.ConditionStatus;
import dev.junction.core.network.ConditionType;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.problem.FieldViolation;
import dev.junction.core.problem.Problem;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.ticket.Ticket;
import dev.junction.core.ticket.TicketSpec;
import dev.junction.core.ticket.TicketStatus;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Reads and writes the JSON columns: nested values of the model that are never queried. Each shape
 * is written out here by hand, so that a change to a record is a visible change to what is stored.
 */
final class JsonColumns {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The decoded values of the columns a read of attachments decodes on every row. Their texts
   * repeat (no labels, no routes, the default routing; the same row read again), and the values are
   * immutable, so each distinct text is parsed once while it stays in the memo.
   */
  private static final Memo<Labels> LABELS = new Memo<>(JsonColumns::parseLabels);

  private static final Memo<List<Ipv4Prefix>> PREFIXES = new Memo<>(JsonColumns::parsePrefixes);
  private static final Memo<Peering> PEERINGS =
      new Memo<>(text -> peering(read(text), Optional.empty()));
  private static final Memo<PublicAccess> PUBLIC_ACCESS =
      new Memo<>(text -> publicAccess(read(text)));
  private static final Memo<Routing> ROUTINGS = new Memo<>(text -> routing(read(text)));

  private JsonColumns() {}

  /**
   * Decoded values by their text, at most {@link #MAX} of them: a memo that is full is emptied, so
   * that a scan of many distinct texts costs one map insertion a row and holds no more than the
   * bound.
   */
  private static final class Memo<T> {
    static final int MAX = 512;

    private final ConcurrentHashMap<String, T> values = new ConcurrentHashMap<>();
    private final Function<String, T> decode;

    Memo(Function<String, T> decode) {
      this.decode = decode;
    }

    T get(String text) {
      T value = values.get(text);
      if (value != null) {
        return value;
      }
      value = decode.apply(text);
      if (values.size() >= MAX) {
        values.clear();
      }
      values.put(text, value);
      return value;
    }
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON column", e);
    }
  }

  static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new StoreException("a stored JSON column cannot be read", e);
    }
  }

  static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  // Lists and maps.

  static String strings(List<String> values) {
    return write(stringArray(values));
  }

  private static ArrayNode stringArray(List<String> values) {
    ArrayNode array = JSON.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  static List<String> strings(String text) {
    return strings(read(text));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(item -> values.add(item.asText()));
    return values;
  }

  static String labels(Labels labels) {
    return write(labelsNode(labels));
  }

  private static ObjectNode labelsNode(Labels labels) {
    ObjectNode object = JSON.createObjectNode();
    labels.map().forEach(object::put);
    return object;
  }

  static Labels labels(String text) {
    return LABELS.get(text);
  }

  private static Labels parseLabels(String text) {
    return labels(read(text));
  }

  private static Labels labels(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
    return new Labels(map);
  }

  static String prefixes(List<Ipv4Prefix> prefixes) {
    return strings(prefixes.stream().map(Ipv4Prefix::toString).toList());
  }

  static List<Ipv4Prefix> prefixes(String text) {
    return PREFIXES.get(text);
  }

  private static List<Ipv4Prefix> parsePrefixes(String text) {
    return prefixes(read(text));
  }

  private static List<Ipv4Prefix> prefixes(JsonNode array) {
    return strings(array).stream().map(Ipv4Prefix::of).toList();
  }

  // Trunks.

  static String joint(Joint joint) {
    return write(jointNode(joint));
  }

  private static ObjectNode jointNode(Joint joint) {
    ObjectNode node = JSON.createObjectNode();
    switch (joint) {
      case Joint.SinglePort single ->
          node.put("type", "single_port")
              .put("port", single.portId())
              .put("transceiver", single.transceiver().name());
      case Joint.Lag lag -> {
        node.put("type", "lag").put("transceiver", lag.transceiver().name());
        ArrayNode ports = node.putArray("ports");
        lag.portIds().forEach(ports::add);
      }
      case Joint.ViaPartner partner ->
          node.put("type", "partner")
              .put("partner", partner.partnerId())
              .put("serviceKey", partner.serviceKey());
    }
    return node;
  }

  static Joint joint(String text) {
    return joint(read(text));
  }

  private static Joint joint(JsonNode node) {
    return switch (node.path("type").asText()) {
      case "single_port" ->
          new Joint.SinglePort(
              node.path("port").asText(),
              TransceiverType.valueOf(node.path("transceiver").asText()));
      case "lag" ->
          new Joint.Lag(
              strings(node.path("ports")),
              TransceiverType.valueOf(node.path("transceiver").asText()));
      case "partner" ->
          new Joint.ViaPartner(node.path("partner").asText(), node.path("serviceKey").asText());
      default -> throw new StoreException("unknown joint type " + node.path("type"), null);
    };
  }

  // Attachments. The MD5 key is not part of the peering column: it has a column of its own.

  static String peering(Peering peering) {
    return write(peeringNode(peering));
  }

  private static ObjectNode peeringNode(Peering peering) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("subnet", peering.subnet().toString())
            .put("peerIp", peering.peerIp().toString())
            .put("cloudIp", peering.cloudIp().toString())
            .put("cloudAsn", peering.cloudAsn().value());
    peering.peerAsn().ifPresent(asn -> node.put("peerAsn", asn.value()));
    return node;
  }

  static Peering peering(String text, Optional<Md5Key> md5Key) {
    Peering peering = PEERINGS.get(text);
    return md5Key.isEmpty()
        ? peering
        : new Peering(
            peering.subnet(),
            peering.peerIp(),
            peering.cloudIp(),
            peering.peerAsn(),
            peering.cloudAsn(),
            md5Key);
  }

  private static Peering peering(JsonNode node, Optional<Md5Key> md5Key) {
    return new Peering(
        Ipv4Prefix.of(node.path("subnet").asText()),
        Ipv4Address.of(node.path("peerIp").asText()),
        Ipv4Address.of(node.path("cloudIp").asText()),
        node.hasNonNull("peerAsn")
            ? Optional.of(new Asn(node.path("peerAsn").asLong()))
            : Optional.empty(),
        new Asn(node.path("cloudAsn").asLong()),
        md5Key);
  }

  static String routing(Routing routing) {
    return write(routingNode(routing));
  }

  private static ObjectNode routingNode(Routing routing) {
    ObjectNode node = JSON.createObjectNode().put("mtu", routing.mtu());
    node.set(
        "advertisedPrefixes",
        stringArray(routing.advertisedPrefixes().stream().map(Ipv4Prefix::toString).toList()));
    node.put("acceptsRoutes", routing.acceptsRoutes());
    return node;
  }

  static Routing routing(String text) {
    return ROUTINGS.get(text);
  }

  private static Routing routing(JsonNode node) {
    return new Routing(
        node.path("mtu").asInt(),
        prefixes(node.path("advertisedPrefixes")),
        node.path("acceptsRoutes").asBoolean(true));
  }

  static String publicAccess(PublicAccess access) {
    return write(publicAccessNode(access));
  }

  private static ObjectNode publicAccessNode(PublicAccess access) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode services = node.putArray("services");
    access.services().forEach(services::add);
    ArrayNode prefixes = node.putArray("announcedPrefixes");
    access.peerAnnouncedPrefixes().forEach(p -> prefixes.add(p.toString()));
    return node;
  }

  static PublicAccess publicAccess(String text) {
    return PUBLIC_ACCESS.get(text);
  }

  private static PublicAccess publicAccess(JsonNode node) {
    return new PublicAccess(
        strings(node.path("services")), prefixes(node.path("announcedPrefixes")));
  }

  // Tickets.

  static String ticketSpec(TicketSpec spec) {
    return write(ticketSpecNode(spec));
  }

  private static ObjectNode ticketSpecNode(TicketSpec spec) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("name", spec.name())
            .put("description", spec.description())
            .put("capacityMbps", spec.capacity().mbps())
            .put("popId", spec.popId())
            .put("userMessage", spec.userMessage())
            .put("deletionProtection", spec.deletionProtection());
    node.set("labels", labelsNode(spec.labels()));
    return node;
  }

  static TicketSpec ticketSpec(String text) {
    return ticketSpec(read(text));
  }

  private static TicketSpec ticketSpec(JsonNode node) {
    return new TicketSpec(
        node.path("name").asText(),
        node.path("description").asText(),
        Bandwidth.mbps(node.path("capacityMbps").asLong()),
        node.path("popId").asText(),
        node.path("userMessage").asText(),
        labels(node.path("labels")),
        node.path("deletionProtection").asBoolean());
  }

  // Operations: problems, and resources as they stood.

  static String problem(Problem problem) {
    ObjectNode node = JSON.createObjectNode().put("type", problem.getClass().getSimpleName());
    switch (problem) {
      case Problem.InvalidArgument invalid -> {
        ArrayNode violations = node.putArray("violations");
        for (FieldViolation violation : invalid.violations()) {
          violations
              .addObject()
              .put("field", violation.field())
              .put("description", violation.description());
        }
      }
      case Problem.NotFound notFound ->
          node.put("resource", notFound.resource()).put("id", notFound.id());
      case Problem.AlreadyExists exists ->
          node.put("field", exists.field()).put("message", exists.message());
      default -> node.put("message", problem.message());
    }
    return write(node);
  }

  static Problem problem(String text) {
    JsonNode node = read(text);
    String message = node.path("message").asText();
    return switch (node.path("type").asText()) {
      case "InvalidArgument" -> {
        List<FieldViolation> violations = new ArrayList<>();
        node.path("violations")
            .forEach(
                v ->
                    violations.add(
                        new FieldViolation(
                            v.path("field").asText(), v.path("description").asText())));
        yield new Problem.InvalidArgument(violations);
      }
      case "NotFound" ->
          new Problem.NotFound(node.path("resource").asText(), node.path("id").asText());
      case "AlreadyExists" -> new Problem.AlreadyExists(node.path("field").asText(), message);
      case "FailedPrecondition" -> new Problem.FailedPrecondition(message);
      case "Aborted" -> new Problem.Aborted(message);
      case "ResourceExhausted" -> new Problem.ResourceExhausted(message);
      case "PermissionDenied" -> new Problem.PermissionDenied(message);
      case "Unauthenticated" -> new Problem.Unauthenticated(message);
      case "Cancelled" -> new Problem.Cancelled(message);
      case "DeadlineExceeded" -> new Problem.DeadlineExceeded(message);
      case "Unavailable" -> new Problem.Unavailable(message);
      default -> throw new StoreException("unknown problem type " + node.path("type"), null);
    };
  }

  /** Returns {@code state} as stored, its MD5 key sealed by {@code cipher}. */
  static String resourceState(ResourceState state, SecretCipher cipher) {
    ObjectNode node = JSON.createObjectNode();
    switch (state) {
      case ResourceState.Nothing nothing -> node.put("type", "nothing");
      case ResourceState.OfTrunk(Trunk trunk) ->
          node.put("type", "trunk").set("trunk", trunkNode(trunk));
      case ResourceState.OfAttachment(Attachment attachment) ->
          node.put("type", "attachment").set("attachment", attachmentNode(attachment, cipher));
      case ResourceState.OfTicket(Ticket ticket) ->
          node.put("type", "ticket").set("ticket", ticketNode(ticket));
    }
    return write(node);
  }

  /** Returns the state stored as {@code text}, its MD5 key opened by {@code cipher}. */
  static ResourceState resourceState(String text, SecretCipher cipher) {
    JsonNode node = read(text);
    return switch (node.path("type").asText()) {
      case "nothing" -> ResourceState.NOTHING;
      case "trunk" -> new ResourceState.OfTrunk(trunk(node.path("trunk")));
      case "attachment" ->
          new ResourceState.OfAttachment(attachment(node.path("attachment"), cipher));
      case "ticket" -> new ResourceState.OfTicket(ticket(node.path("ticket")));
      default -> throw new StoreException("unknown resource state " + node.path("type"), null);
    };
  }

  private static ObjectNode trunkNode(Trunk trunk) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("id", trunk.id())
            .put("scope", trunk.scope())
            .put("name", trunk.name())
            .put("description", trunk.description())
            .put("popId", trunk.popId())
            .put("capacityMbps", trunk.capacity().mbps())
            .put("deletionProtection", trunk.deletionProtection())
            .put("status", trunk.status().name())
            .put("createdAt", nanos(trunk.createdAt()))
            .put("revision", trunk.revision());
    node.set("labels", labelsNode(trunk.labels()));
    node.set("joint", jointNode(trunk.joint()));
    return node;
  }

  private static Trunk trunk(JsonNode node) {
    return new Trunk(
        node.path("id").asText(),
        node.path("scope").asText(),
        node.path("name").asText(),
        node.path("description").asText(),
        labels(node.path("labels")),
        node.path("popId").asText(),
        joint(node.path("joint")),
        Bandwidth.mbps(node.path("capacityMbps").asLong()),
        node.path("deletionProtection").asBoolean(),
        ResourceStatus.valueOf(node.path("status").asText()),
        instant(node.path("createdAt").asLong()),
        node.path("revision").asLong());
  }

  private static ObjectNode attachmentNode(Attachment attachment, SecretCipher cipher) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("id", attachment.id())
            .put("kind", attachment.kind().name())
            .put("scope", attachment.scope())
            .put("name", attachment.name())
            .put("description", attachment.description())
            .put("trunkId", attachment.trunkId())
            .put("status", attachment.status().name())
            .put("createdAt", nanos(attachment.createdAt()))
            .put("revision", attachment.revision());
    attachment.vlan().ifPresent(vlan -> node.put("vlan", vlan.value()));
    node.set("labels", labelsNode(attachment.labels()));
    node.set("peering", peeringNode(attachment.peering()));
    attachment.peering().md5Key().ifPresent(key -> node.put("md5Key", cipher.seal(key.reveal())));
    node.set(
        "staticRoutes",
        stringArray(attachment.staticRoutes().stream().map(Ipv4Prefix::toString).toList()));
    node.set("publicAccess", publicAccessNode(attachment.publicAccess()));
    node.set("routing", routingNode(attachment.routing()));
    return node;
  }

  private static Attachment attachment(JsonNode node, SecretCipher cipher) {
    AttachmentKind kind = AttachmentKind.valueOf(node.path("kind").asText());
    Optional<Md5Key> key =
        node.hasNonNull("md5Key")
            ? Optional.of(Md5Key.of(cipher.open(node.path("md5Key").asText())))
            : Optional.empty();
    return new Attachment(
        node.path("id").asText(),
        kind,
        node.path("scope").asText(),
        node.path("name").asText(),
        node.path("description").asText(),
        labels(node.path("labels")),
        node.path("trunkId").asText(),
        node.hasNonNull("vlan")
            ? Optional.of(new VlanId(node.path("vlan").asInt()))
            : Optional.empty(),
        peering(node.path("peering"), key),
        prefixes(node.path("staticRoutes")),
        publicAccess(node.path("publicAccess")),
        node.has("routing") ? routing(node.path("routing")) : Routing.defaults(kind),
        ResourceStatus.valueOf(node.path("status").asText()),
        instant(node.path("createdAt").asLong()),
        node.path("revision").asLong());
  }

  private static ObjectNode ticketNode(Ticket ticket) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("id", ticket.id())
            .put("scope", ticket.scope())
            .put("status", ticket.status().name())
            .put("subjectId", ticket.subjectId())
            .put("supportTicketId", ticket.supportTicketId())
            .put("createdAt", nanos(ticket.createdAt()))
            .put("updatedAt", nanos(ticket.updatedAt()))
            .put("expiresAt", nanos(ticket.expiresAt()));
    ticket.trunkId().ifPresent(trunk -> node.put("trunkId", trunk));
    node.set("spec", ticketSpecNode(ticket.spec()));
    return node;
  }

  private static Ticket ticket(JsonNode node) {
    return new Ticket(
        node.path("id").asText(),
        node.path("scope").asText(),
        TicketStatus.valueOf(node.path("status").asText()),
        node.path("subjectId").asText(),
        node.path("supportTicketId").asText(),
        node.hasNonNull("trunkId") ? Optional.of(node.path("trunkId").asText()) : Optional.empty(),
        ticketSpec(node.path("spec")),
        instant(node.path("createdAt").asLong()),
        instant(node.path("updatedAt").asLong()),
        instant(node.path("expiresAt").asLong()));
  }

  // Observations.

  static String conditions(List<Condition> conditions) {
    ArrayNode array = JSON.createArrayNode();
    for (Condition condition : conditions) {
      array
          .addObject()
          .put("type", condition.type().name())
          .put("status", condition.status().name())
          .put("reason", condition.reason())
          .put("message", condition.message())
          .put("observedRevision", condition.observedRevision())
          .put("lastTransitionTime", nanos(condition.lastTransitionTime()));
    }
    return write(array);
  }

  static List<Condition> conditions(String text) {
    List<Condition> conditions = new ArrayList<>();
    for (JsonNode node : read(text)) {
      conditions.add(
          new Condition(
              ConditionType.valueOf(node.path("type").asText()),
              ConditionStatus.valueOf(node.path("status").asText()),
              node.path("reason").asText(),
              node.path("message").asText(),
              node.path("observedRevision").asLong(),
              instant(node.path("lastTransitionTime").asLong())));
    }
    return conditions;
  }

  /** Writes a BGP session as observed; {@code since} in epoch nanoseconds. */
  static String bgp(BgpObservation bgp) {
    ObjectNode node = JSON.createObjectNode();
    node.put("state", bgp.state())
        .put("since", nanos(bgp.since()))
        .put("lastError", bgp.lastError())
        .put("routesImported", bgp.routesImported())
        .put("routesExported", bgp.routesExported());
    return write(node);
  }

  static BgpObservation bgp(String text) {
    JsonNode node = read(text);
    return new BgpObservation(
        node.path("state").asText(),
        instant(node.path("since").asLong()),
        node.path("lastError").asText(),
        node.path("routesImported").asLong(),
        node.path("routesExported").asLong());
  }

  // Routers.

  static String agent(AgentInfo agent) {
    ObjectNode node = JSON.createObjectNode();
    node.put("driver", agent.driver()).put("version", agent.version()).put("host", agent.host());
    ObjectNode settings = node.putObject("settings");
    new java.util.TreeMap<>(agent.settings()).forEach(settings::put);
    return write(node);
  }

  static AgentInfo agent(String text) {
    JsonNode node = read(text);
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    node.path("settings")
        .properties()
        .forEach(e -> settings.put(e.getKey(), e.getValue().asText()));
    return new AgentInfo(
        node.path("driver").asText(),
        node.path("version").asText(),
        node.path("host").asText(),
        settings);
  }
}
