package dev.junction.api.cloudflare;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.UseCases;
import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Cnis;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.network.Condition;
import dev.junction.core.network.ConditionStatus;
import dev.junction.core.network.ConditionType;
import dev.junction.core.network.Observation;
import dev.junction.core.operation.Operation;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.AttachmentQuery;
import dev.junction.core.store.PortQuery;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.StoreUnavailable;
import dev.junction.core.store.TrunkQuery;
import dev.junction.core.trunk.JointKind;
import dev.junction.core.trunk.Trunk;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The handlers of every Cloudflare CNI operation. Each request is matched to its operation, read
 * into a core command and answered with bare JSON (200 for every success), or with Cloudflare's
 * error body. Resources being deleted are answered as gone.
 *
 * <p>This API has no operations on the wire: a CNI change and an interconnect deletion are answered
 * once the network has carried them out ({@link ChangeWaits}, without holding a thread meanwhile),
 * so that the next call sees them done. A new interconnect is answered at once; its {@code /status}
 * shows it Pending until its port is up.
 */
final class CloudflareApi {
  private static final Pattern ROUTE = Pattern.compile("/client/v4/accounts/([^/]+)/cni/(.+?)/?");

  /** The most of a request's path an error quotes. */
  private static final int MAX_PATH = 256;

  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Set<String> BANDWIDTHS =
      Set.of("50M", "100M", "200M", "300M", "400M", "500M", "1G", "2G", "5G", "10G", "20G", "50G");

  /** The settings this dialect runs with. */
  record Settings(String providerName, String gcpPartner, Asn defaultAsn) {
    Settings {
      requireNonNull(providerName, "providerName");
      requireNonNull(gcpPartner, "gcpPartner");
      requireNonNull(defaultAsn, "defaultAsn");
    }
  }

  private final UseCases useCases;
  private final Function<ServiceRequestContext, Caller> callers;
  private final Settings settings;
  private final InstantSource clock;
  private final ChangeWaits changes;

  CloudflareApi(
      UseCases useCases,
      Function<ServiceRequestContext, Caller> callers,
      Settings settings,
      InstantSource clock,
      ChangeWaits changes) {
    this.useCases = requireNonNull(useCases, "useCases");
    this.callers = requireNonNull(callers, "callers");
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.changes = requireNonNull(changes, "changes");
  }

  HttpResponse handle(ServiceRequestContext ctx, AggregatedHttpRequest request) {
    try {
      return route(ctx, request);
    } catch (BadInput | RuntimeException e) {
      return failure(e);
    }
  }

  /**
   * Returns every operation this API answers, as {@code "METHOD
   * /client/v4/accounts/{account_id}/cni/..."} with the path's resource id written {@code {id}}:
   * what its documentation must cover.
   */
  static List<String> routes() {
    List<String> routes = new ArrayList<>();
    for (Endpoint endpoint : Endpoint.values()) {
      for (HttpMethod method : endpoint.methods) {
        routes.add(method + " /client/v4/accounts/{account_id}/cni/" + endpoint.shape);
      }
    }
    return List.copyOf(routes);
  }

  /** Returns the answer to what a handler, or a later step of its change, threw. */
  private static HttpResponse failure(Throwable thrown) {
    return switch (thrown) {
      case BadInput bad ->
          CloudflareErrors.error(HttpStatus.BAD_REQUEST, bad.code(), bad.getMessage());
      case ProblemException problem -> CloudflareErrors.of(problem.problem());
      case StoreUnavailable unavailable ->
          CloudflareErrors.of(new Problem.Unavailable(StoreUnavailable.MESSAGE));
      default -> CloudflareErrors.internal(thrown);
    };
  }

  /**
   * The paths of this API, each with the methods it answers. A path with no endpoint answers 404
   * (code 1007), a method an endpoint does not answer 405 (code 1008).
   */
  private enum Endpoint {
    INTERCONNECTS("interconnects", HttpMethod.GET, HttpMethod.POST),
    INTERCONNECT("interconnects/{id}", HttpMethod.GET, HttpMethod.DELETE),
    LOA("interconnects/{id}/loa", HttpMethod.GET),
    LOA_DEFAULT("interconnects/{id}/loa/default", HttpMethod.GET),
    STATUS("interconnects/{id}/status", HttpMethod.GET),
    CNIS("cnis", HttpMethod.GET, HttpMethod.POST),
    CNI("cnis/{id}", HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE),
    SLOTS("slots", HttpMethod.GET),
    SLOT("slots/{id}", HttpMethod.GET),
    SETTINGS("settings", HttpMethod.GET, HttpMethod.PUT);

    private static final Map<String, Endpoint> BY_SHAPE =
        Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(e -> e.shape, e -> e));

    /** The path after {@code cni/}, its one variable written {@code {id}}. */
    private final String shape;

    private final List<HttpMethod> methods;

    Endpoint(String shape, HttpMethod... methods) {
      this.shape = shape;
      this.methods = List.of(methods);
    }

    /** Returns the endpoint's path after {@code cni/}, with {@code {id}} for the id. */
    String template() {
      return switch (this) {
        case INTERCONNECTS -> "interconnects";
        case INTERCONNECT -> "interconnects/{id}";
        case LOA -> "interconnects/{id}/loa";
        case LOA_DEFAULT -> "interconnects/{id}/loa/default";
        case STATUS -> "interconnects/{id}/status";
        case CNIS -> "cnis";
        case CNI -> "cnis/{id}";
        case SLOTS -> "slots";
        case SLOT -> "slots/{id}";
        case SETTINGS -> "settings";
      };
    }

    /** Returns the endpoint at the path segments after {@code cni/}, if there is one. */
    static Optional<Endpoint> at(List<String> path) {
      if (path.stream().anyMatch(String::isEmpty)) {
        return Optional.empty();
      }
      StringBuilder shape = new StringBuilder(path.get(0));
      for (int i = 1; i < path.size(); i++) {
        shape.append('/').append(i == 1 ? "{id}" : path.get(i));
      }
      return Optional.ofNullable(BY_SHAPE.get(shape.toString()));
    }

    /** Returns the query parameters the endpoint takes with {@code method}. */
    List<String> parameters(HttpMethod method) {
      if (method != HttpMethod.GET) {
        return List.of();
      }
      return switch (this) {
        case INTERCONNECTS -> List.of("site", "type", "cursor", "limit");
        case LOA -> List.of("name");
        case CNIS -> List.of("slot", "tunnel_id", "cursor", "limit");
        case SLOTS -> List.of("address_contains", "site", "speed", "occupied", "cursor", "limit");
        default -> List.of();
      };
    }
  }

  private HttpResponse route(ServiceRequestContext ctx, AggregatedHttpRequest request)
      throws BadInput {
    Matcher route = ROUTE.matcher(ctx.path());
    Optional<Endpoint> found =
        route.matches() ? Endpoint.at(List.of(route.group(2).split("/", -1))) : Optional.empty();
    if (found.isEmpty()) {
      return CloudflareErrors.error(
          HttpStatus.NOT_FOUND,
          CloudflareErrors.NO_ROUTE,
          "no API operation at " + Input.bounded(ctx.path(), MAX_PATH));
    }
    Endpoint endpoint = found.get();
    // Names the request after its endpoint: the metrics and the request log label it with this
    // bounded name, never with the path.
    ctx.setAttr(CloudflareDialect.ROUTE, endpoint.template());
    String account = route.group(1);
    if (!ACCOUNT.matcher(account).matches()) {
      throw new BadInput(
          CloudflareErrors.INVALID, "account_id: must be 1-64 letters, digits, '-' or '_'");
    }
    HttpMethod method = request.method();
    if (!endpoint.methods.contains(method)) {
      return CloudflareErrors.methodNotAllowed(
          method, Input.bounded(ctx.path(), MAX_PATH), endpoint.methods);
    }
    String[] segments = route.group(2).split("/", -1);
    String id = segments.length > 1 ? segments[1] : "";
    Input input = new Input(ctx.queryParams());
    Caller caller = callers.apply(ctx);
    if (method == HttpMethod.GET) {
      AccessGuard.readFrom(caller, account);
    } else {
      AccessGuard.writeInto(caller, account);
    }
    input.allowOnly(endpoint.parameters(method));
    return switch (endpoint) {
      case INTERCONNECTS ->
          method == HttpMethod.GET
              ? json(listInterconnects(caller, account, input))
              : json(createInterconnect(caller, account, Input.body(request.contentUtf8())));
      case INTERCONNECT -> {
        if (method == HttpMethod.GET) {
          yield json(interconnectJson(interconnect(caller, account, id)));
        }
        Trunk trunk = interconnect(caller, account, id);
        yield changes.answer(
            ctx,
            new ChangeWaits.Change(
                "interconnect",
                trunk.id(),
                done ->
                    "GET "
                        + interconnectPath(account, trunk.id())
                        + " answers 404 once it is deleted",
                trunk.status().isTransitional()
                    ? Optional.of(tx -> settled(tx.trunk(trunk.id()).map(Trunk::status)))
                    : Optional.empty(),
                () -> useCases.trunks().delete(caller, trunk.id()),
                done -> empty()),
            CloudflareApi::failure);
      }
      case LOA -> loa(caller, account, id, input);
      case LOA_DEFAULT -> json(loaDefault(caller, account, id));
      case STATUS -> json(status(interconnect(caller, account, id)));
      case CNIS ->
          method == HttpMethod.GET
              ? json(listCnis(caller, account, input))
              : createCni(ctx, caller, account, Input.body(request.contentUtf8()));
      case CNI -> {
        String cniId = Input.uuid("cni", id);
        if (method == HttpMethod.GET) {
          yield json(CloudflareJson.cni(cni(caller, account, cniId)));
        }
        if (method == HttpMethod.PUT) {
          yield replaceCni(ctx, caller, account, cniId, Input.body(request.contentUtf8()));
        }
        Attachment cni = cni(caller, account, cniId);
        yield changes.answer(
            ctx,
            new ChangeWaits.Change(
                "CNI",
                cniId,
                done -> "GET " + cniPath(account, cniId) + " answers 404 once it is deleted",
                settledFirst(cni),
                () -> useCases.attachments().delete(caller, AttachmentKind.CNI, cniId),
                done -> empty()),
            CloudflareApi::failure);
      }
      case SLOTS -> json(listSlots(caller, input));
      case SLOT -> json(slot(caller, useCases.catalogue().port(Input.uuid("slot", id))));
      case SETTINGS ->
          method == HttpMethod.GET
              ? json(
                  settingsJson(
                      useCases.settings().defaultAsn(caller, account, settings.defaultAsn())))
              : json(updateSettings(caller, account, Input.body(request.contentUtf8())));
    };
  }

  // Interconnects.

  private ObjectNode listInterconnects(Caller caller, String account, Input input) throws BadInput {
    Optional<Set<String>> pops = input.param("site").map(this::popsAtSite);
    Optional<Set<JointKind>> kinds = Optional.empty();
    Optional<String> type = input.param("type");
    if (type.isPresent()) {
      kinds =
          Optional.of(
              switch (type.get()) {
                case CloudflareJson.DIRECT -> Set.of(JointKind.SINGLE_PORT, JointKind.LAG);
                case CloudflareJson.GCP_PARTNER -> Set.of(JointKind.PARTNER);
                default ->
                    throw new BadInput(
                        CloudflareErrors.INVALID, "type: must be direct or gcp_partner");
              });
    }
    Page<Trunk> page =
        useCases
            .trunks()
            .list(caller, new TrunkQuery(account, NameFilter.ALL, pops, kinds), input.page());
    List<ObjectNode> items = new ArrayList<>();
    for (Trunk trunk : page.items()) {
      if (trunk.status() != ResourceStatus.DELETING) {
        items.add(interconnectJson(trunk));
      }
    }
    return CloudflareJson.list(items, page.next());
  }

  private ObjectNode createInterconnect(Caller caller, String account, JsonNode body)
      throws BadInput {
    requireAccount(account, body);
    String type = Input.text(body, "", "type");
    Operation creation =
        switch (type) {
          case CloudflareJson.DIRECT ->
              useCases
                  .trunks()
                  .createOnPort(
                      caller,
                      account,
                      Input.uuid("slot_id", Input.text(body, "", "slot_id")),
                      Input.optionalText(body, "", "speed").filter(s -> !s.isEmpty()));
          case CloudflareJson.GCP_PARTNER -> {
            String bandwidth = Input.text(body, "", "bandwidth");
            if (!BANDWIDTHS.contains(bandwidth)) {
              throw new BadInput(
                  CloudflareErrors.INVALID,
                  "bandwidth: must be one of 50M, 100M, 200M, 300M, 400M, 500M, 1G, 2G, 5G, 10G,"
                      + " 20G, 50G (got \""
                      + Input.bounded(bandwidth)
                      + "\")");
            }
            yield useCases
                .trunks()
                .createViaPartner(
                    caller,
                    account,
                    settings.gcpPartner(),
                    bandwidth(bandwidth),
                    Input.text(body, "", "pairing_key"));
          }
          default ->
              throw new BadInput(CloudflareErrors.INVALID, "type: must be direct or gcp_partner");
        };
    return interconnectJson(useCases.trunks().get(caller, creation.resourceId()));
  }

  private static Bandwidth bandwidth(String text) {
    long amount = Long.parseLong(text.substring(0, text.length() - 1));
    return text.endsWith("G") ? Bandwidth.gbps(amount) : Bandwidth.mbps(amount);
  }

  /** Returns the interconnect {@code icon} of {@code account}, or fails as not found. */
  private Trunk interconnect(Caller caller, String account, String icon) {
    Trunk trunk;
    try {
      trunk = useCases.trunks().get(caller, icon);
    } catch (ProblemException missing) {
      throw ProblemException.notFound("interconnect", icon);
    }
    if (!trunk.scope().equals(account) || trunk.status() == ResourceStatus.DELETING) {
      throw ProblemException.notFound("interconnect", icon);
    }
    return trunk;
  }

  private ObjectNode interconnectJson(Trunk trunk) {
    return CloudflareJson.interconnect(
        trunk, useCases.trunks().ports(trunk), useCases.catalogue().pointOfPresence(trunk.popId()));
  }

  /** Returns the interconnect's health from what the network observed of it. */
  private ObjectNode status(Trunk trunk) {
    ObjectNode status = CloudflareJson.JSON.createObjectNode();
    if (trunk.status() == ResourceStatus.CREATING) {
      return status.put("state", "Pending");
    }
    if (CloudflareJson.type(trunk).equals(CloudflareJson.GCP_PARTNER)) {
      return status.put("state", "Healthy");
    }
    Optional<Observation> observed = useCases.network().view().observation(trunk.id());
    Optional<Condition> applied = observed.flatMap(o -> o.condition(ConditionType.CONFIG_APPLIED));
    if (applied.isPresent()
        && applied.get().status() == ConditionStatus.FALSE
        && applied.get().reason().equals("Refused")) {
      return status.put("state", "Down").put("reason", applied.get().message());
    }
    Optional<Condition> link = observed.flatMap(o -> o.condition(ConditionType.LINK_UP));
    if (link.isEmpty()) {
      return status.put("state", "Pending");
    }
    if (link.get().status() == ConditionStatus.UNKNOWN) {
      // The router's agent has gone silent: what it last said may no longer be true.
      return status.put("state", "Unhealthy").put("reason", link.get().message());
    }
    if (link.get().status() == ConditionStatus.TRUE) {
      return status.put("state", "Healthy");
    }
    String reason = link.get().reason();
    if (reason.equals("NoLight") || reason.equals("NotConfigured")) {
      return status.put("state", "Pending");
    }
    return status
        .put("state", "Unhealthy")
        .put("reason", link.get().message().isEmpty() ? reason : link.get().message());
  }

  private String defaultCustomerName(String account) {
    return "Account " + account;
  }

  private ObjectNode loaDefault(Caller caller, String account, String icon) {
    Trunk trunk = interconnect(caller, account, icon);
    requirePort(trunk);
    return CloudflareJson.JSON.createObjectNode().put("name", defaultCustomerName(account));
  }

  private HttpResponse loa(Caller caller, String account, String icon, Input input)
      throws BadInput {
    Trunk trunk = interconnect(caller, account, icon);
    Port port = requirePort(trunk);
    String customer = input.param("name").orElse(defaultCustomerName(account));
    if (customer.codePointCount(0, customer.length()) > LetterOfAuthorization.MAX_CUSTOMER_LENGTH) {
      throw new BadInput(
          CloudflareErrors.INVALID,
          "name: must be at most " + LetterOfAuthorization.MAX_CUSTOMER_LENGTH + " characters");
    }
    byte[] pdf =
        new LetterOfAuthorization(
                settings.providerName(),
                customer,
                useCases.catalogue().pointOfPresence(trunk.popId()),
                port,
                trunk.id(),
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))
            .pdf();
    return HttpResponse.of(
        ResponseHeaders.builder(HttpStatus.OK)
            .contentType(MediaType.PDF)
            .add("content-disposition", "attachment; filename=\"loa-" + trunk.id() + ".pdf\"")
            .build(),
        HttpData.wrap(pdf));
  }

  /** Returns the first port of a direct interconnect; a partner interconnect has no LOA. */
  private Port requirePort(Trunk trunk) {
    List<Port> ports = useCases.trunks().ports(trunk);
    if (ports.isEmpty()) {
      throw new ProblemException(
          new dev.junction.core.problem.Problem.NotFound("LOA of interconnect", trunk.id()));
    }
    return ports.get(0);
  }

  // CNIs.

  private ObjectNode listCnis(Caller caller, String account, Input input) throws BadInput {
    AttachmentQuery query =
        new AttachmentQuery(
            AttachmentKind.CNI,
            Optional.of(account),
            Optional.empty(),
            NameFilter.ALL,
            input.param("slot"),
            input.param("tunnel_id"),
            Optional.empty());
    Page<Attachment> page = useCases.attachments().list(caller, query, input.page());
    List<ObjectNode> items = new ArrayList<>();
    for (Attachment cni : page.items()) {
      if (cni.status() != ResourceStatus.DELETING) {
        items.add(CloudflareJson.cni(cni));
      }
    }
    return CloudflareJson.list(items, page.next());
  }

  private Attachment cni(Caller caller, String account, String id) {
    Attachment cni = useCases.attachments().get(caller, AttachmentKind.CNI, id);
    if (!cni.scope().equals(account) || cni.status() == ResourceStatus.DELETING) {
      throw ProblemException.notFound("CNI", id);
    }
    return cni;
  }

  private Cnis.Draft cniDraft(Caller caller, String account, JsonNode body) throws BadInput {
    String interconnect = Input.text(body, "", "interconnect");
    interconnect(caller, account, interconnect);
    JsonNode magic =
        Input.object(body, "", "magic")
            .orElseThrow(() -> new BadInput(CloudflareErrors.INVALID, "magic: is required"));
    Optional<Cnis.Bgp> bgp = Optional.empty();
    Optional<JsonNode> bgpNode = Input.object(body, "", "bgp");
    if (bgpNode.isPresent()) {
      JsonNode node = bgpNode.get();
      bgp =
          Optional.of(
              new Cnis.Bgp(
                  Input.int32(node, "bgp.", "customer_asn"),
                  Input.strings(node, "bgp.", "extra_prefixes"),
                  Input.optionalText(node, "bgp.", "md5_key")));
    }
    Optional<Boolean> acceptsRoutes = Optional.empty();
    Optional<String> mode = Input.optionalText(body, "", "bgp_mode");
    if (mode.isPresent()) {
      acceptsRoutes =
          Optional.of(
              switch (mode.get()) {
                case "dynamic_route_exchange" -> true;
                case "advertise_only" -> false;
                default ->
                    throw new BadInput(
                        CloudflareErrors.INVALID,
                        "bgp_mode: must be dynamic_route_exchange or advertise_only");
              });
    }
    return new Cnis.Draft(
        account,
        interconnect,
        Input.text(magic, "magic.", "conduit_name"),
        Input.text(magic, "magic.", "description"),
        Input.int32(magic, "magic.", "mtu"),
        bgp,
        acceptsRoutes,
        useCases.settings().defaultAsn(caller, account, settings.defaultAsn()));
  }

  private HttpResponse createCni(
      ServiceRequestContext ctx, Caller caller, String account, JsonNode body) throws BadInput {
    requireAccount(account, body);
    Cnis.Draft draft = cniDraft(caller, account, body);
    return changes.answer(
        ctx,
        new ChangeWaits.Change(
            "CNI",
            "",
            created ->
                "CNI "
                    + created.resourceId()
                    + " exists; GET "
                    + cniPath(account, created.resourceId())
                    + " shows it",
            Optional.empty(),
            () -> useCases.cnis().create(caller, draft),
            done ->
                json(
                    CloudflareJson.cni(
                        useCases
                            .attachments()
                            .get(caller, AttachmentKind.CNI, done.resourceId())))),
        CloudflareApi::failure);
  }

  private HttpResponse replaceCni(
      ServiceRequestContext ctx, Caller caller, String account, String id, JsonNode body)
      throws BadInput {
    Attachment cni = cni(caller, account, id);
    requireAccount(account, body);
    if (!Input.text(body, "", "id").equalsIgnoreCase(id)) {
      throw new BadInput(CloudflareErrors.INVALID, "id: must be the CNI id in the path");
    }
    Ipv4Address custIp = endpoint(Input.text(body, "", "cust_ip"), "cust_ip");
    Ipv4Address p2pIp = endpoint(Input.text(body, "", "p2p_ip"), "p2p_ip");
    Cnis.Draft draft = cniDraft(caller, account, body);
    return changes.answer(
        ctx,
        new ChangeWaits.Change(
            "CNI",
            id,
            done -> "GET " + cniPath(account, id) + " shows it, with the new settings once applied",
            settledFirst(cni),
            () -> useCases.cnis().replace(caller, id, draft, custIp, p2pIp),
            done ->
                json(
                    CloudflareJson.cni(
                        useCases.attachments().get(caller, AttachmentKind.CNI, id)))),
        CloudflareApi::failure);
  }

  private static Ipv4Address endpoint(String text, String field) throws BadInput {
    return Ipv4Prefix.parse(text)
        .map(Ipv4Prefix::address)
        .orElseThrow(
            () -> new BadInput(CloudflareErrors.INVALID, field + ": must be written A.B.C.D/N"));
  }

  // Slots.

  private ObjectNode listSlots(Caller caller, Input input) throws BadInput {
    Optional<String> contains = input.param("address_contains");
    Optional<String> site = input.param("site");
    Optional<Set<String>> pops = Optional.empty();
    if (contains.isPresent() || site.isPresent()) {
      String needle = contains.orElse("").toLowerCase(Locale.ROOT);
      pops =
          Optional.of(
              Set.copyOf(
                  allPops().stream()
                      .filter(pop -> site.map(s -> s.equalsIgnoreCase(pop.site())).orElse(true))
                      .filter(
                          pop ->
                              pop.facilityAddress().stream()
                                  .anyMatch(line -> line.toLowerCase(Locale.ROOT).contains(needle)))
                      .map(PointOfPresence::id)
                      .toList()));
    }
    PortQuery query = new PortQuery(pops, input.param("speed"), input.booleanParam("occupied"));
    Page<Port> page = useCases.catalogue().ports(query, input.page());
    List<ObjectNode> items = new ArrayList<>();
    for (Port port : page.items()) {
      items.add(slot(caller, port));
    }
    return CloudflareJson.list(items, page.next());
  }

  /** Returns a slot as {@code caller} sees it: whose it is only if the holder is its own. */
  private ObjectNode slot(Caller caller, Port port) {
    return CloudflareJson.slot(
        port,
        useCases.catalogue().pointOfPresence(port.popId()),
        useCases.catalogue().occupancy(caller, port.id()));
  }

  private List<PointOfPresence> allPops() {
    return useCases
        .catalogue()
        .pointsOfPresence(NameFilter.ALL, new PageRequest(PageRequest.MAX_SIZE, Optional.empty()))
        .items();
  }

  private Set<String> popsAtSite(String site) {
    return Set.copyOf(
        allPops().stream()
            .filter(pop -> pop.site().equalsIgnoreCase(site))
            .map(PointOfPresence::id)
            .toList());
  }

  // Settings.

  private static ObjectNode settingsJson(Asn asn) {
    return CloudflareJson.JSON.createObjectNode().put("default_asn", asn.value());
  }

  private ObjectNode updateSettings(Caller caller, String account, JsonNode body) throws BadInput {
    Optional<Long> value = Input.optionalInteger(body, "", "default_asn");
    if (value.isEmpty()) {
      return settingsJson(useCases.settings().defaultAsn(caller, account, settings.defaultAsn()));
    }
    long asn = Input.int32(body, "", "default_asn");
    return settingsJson(
        useCases.settings().setDefaultAsn(caller, account, asn, settings.defaultAsn()));
  }

  // Waiting for the network.

  /**
   * Returns the check a change of {@code cni} waits on first if the CNI is still changing: true
   * once it no longer is, or is gone.
   */
  private static Optional<Function<ReadTx, Optional<Boolean>>> settledFirst(Attachment cni) {
    if (!cni.status().isTransitional()) {
      return Optional.empty();
    }
    String id = cni.id();
    return Optional.of(tx -> settled(tx.attachment(id).map(Attachment::status)));
  }

  /** Returns true if a resource with {@code status} (or none) is no longer changing. */
  private static Optional<Boolean> settled(Optional<ResourceStatus> status) {
    return status.isPresent() && status.get().isTransitional()
        ? Optional.empty()
        : Optional.of(true);
  }

  private static String cniPath(String account, String id) {
    return CloudflareDialect.BASE + "/accounts/" + account + "/cni/cnis/" + id;
  }

  private static String interconnectPath(String account, String id) {
    return CloudflareDialect.BASE + "/accounts/" + account + "/cni/interconnects/" + id;
  }

  // Helpers.

  private static void requireAccount(String account, JsonNode body) throws BadInput {
    String inBody = Input.text(body, "", "account");
    if (!inBody.equals(account)) {
      throw new BadInput(CloudflareErrors.INVALID, "account: must be the account_id of the path");
    }
  }

  private static HttpResponse json(JsonNode body) {
    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, body.toString());
  }

  private static HttpResponse empty() {
    return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, "content-length", "0"));
  }
}
