package dev.junction.server.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.UseCases;
import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.attachment.AttachmentDraft;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.PeeringDraft;
import dev.junction.core.network.FaultKind;
import dev.junction.core.network.NetworkFault;
import dev.junction.core.operation.Operation;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.FieldViolation;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.StoreUnavailable;
import dev.junction.core.ticket.Ticket;
import dev.junction.network.plan.Planner;
import dev.junction.server.auth.RequestCallers;
import dev.junction.server.network.NetworkJson;
import dev.junction.store.JdbcStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's API under {@code /admin/v1}, in plain JSON, for operators only: approve and reject
 * trunk tickets, create and delete public connections, inject and clear faults in the simulated
 * network, read what the network observed, read routers, their plans and agent credentials (through
 * {@link RouterAdmin}), and (through {@link AccessAdmin}) manage tenants, principals, grants,
 * tokens, the catalogue and the secret keys, and read the audit log. Errors are {@code {"code":
 * "NOT_FOUND", "message": "..."}} with the usual HTTP status.
 */
public final class AdminApi {
  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
  static final ObjectMapper JSON = new ObjectMapper();

  /** The most violations one error lists; the rest are counted. */
  static final int MAX_VIOLATIONS = 10;

  private static final int MAX_MESSAGE = 1000;
  private static final int MAX_ANY_MESSAGE = 4000;

  /** Core field names of a public connection that differ in this API's JSON. */
  private static final Map<String, String> FIELDS =
      Map.ofEntries(
          Map.entry("scope", "folderId"),
          Map.entry("name", "name"),
          Map.entry("trunk", "trunkId"),
          Map.entry("vlan", "vlanId"),
          Map.entry("peering.subnet", "peering.peeringSubnet"),
          Map.entry("peering.peer_ip", "peering.peerIp"),
          Map.entry("peering.cloud_ip", "peering.cloudIp"),
          Map.entry("peering.peer_asn", "peering.peerBgpAsn"),
          Map.entry("peering.md5_key", "peering.peerBgpMd5Key"),
          Map.entry("static_routes", "staticRoutes"),
          Map.entry("public", "services"),
          Map.entry("public.services", "services"),
          Map.entry("public.announced_prefixes", "announcedPrefixes"));

  private static final int MAX_VIOLATION = 200;
  private static final Pattern TICKET_ACTION =
      Pattern.compile("/admin/v1/tickets/([^/:]+):(approve|reject)");
  private static final Pattern PUBLIC_CONNECTION =
      Pattern.compile("/admin/v1/publicConnections/([^/:]+)");
  private static final Pattern ROUTER_PAGES = Pattern.compile("/admin/v1/routers/[^/:]+(:plan)?");
  private static final Pattern OBSERVATION = Pattern.compile("/admin/v1/observations/([^/:]+)");

  private final UseCases useCases;
  private final AccessAdmin access;
  private final RouterAdmin routers;

  /**
   * @param planner computes routers' plans
   * @param serverDriver the driver the server itself runs a router with ({@code simulated}, {@code
   *     bird}), empty for a router a {@code junction agent} drives
   */
  public AdminApi(
      UseCases useCases,
      JdbcStore store,
      Planner planner,
      Function<String, Optional<String>> serverDriver) {
    this.useCases = requireNonNull(useCases, "useCases");
    this.access = new AccessAdmin(useCases, store);
    this.routers = new RouterAdmin(useCases.network(), planner, serverDriver);
  }

  /** Adds the operator API to {@code sb}, behind {@code authentication}. */
  public void configure(
      ServerBuilder sb, Function<? super HttpService, ? extends HttpService> authentication) {
    HttpService service =
        (ctx, req) ->
            HttpResponse.of(
                req.aggregate()
                    .thenApplyAsync(request -> handle(ctx, request), ctx.blockingTaskExecutor()));
    sb.service(Route.builder().pathPrefix("/admin/v1/").build(), service.decorate(authentication));
  }

  /** Answers a request that failed authentication. */
  public static HttpResponse unauthenticated(
      ServiceRequestContext ctx, HttpRequest req, String message) {
    return error(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", message);
  }

  /** Answers a request whose credentials could not be checked: the database is out of reach. */
  public static HttpResponse unavailable(
      ServiceRequestContext ctx, HttpRequest req, String message) {
    return error(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", message);
  }

  /** Answers a request over its credential's rate (the server adds {@code Retry-After}). */
  public static HttpResponse rateLimited(
      ServiceRequestContext ctx, HttpRequest req, String message) {
    return error(HttpStatus.TOO_MANY_REQUESTS, "RESOURCE_EXHAUSTED", message);
  }

  private HttpResponse handle(ServiceRequestContext ctx, AggregatedHttpRequest request) {
    try {
      Caller caller = RequestCallers.of(ctx);
      AccessGuard.operator(caller, "the operator API");
      String path = ctx.path();
      HttpMethod method = request.method();
      Optional<List<HttpMethod>> methods = OperatorPaths.methods(path);
      if (methods.isEmpty()) {
        return error(
            HttpStatus.NOT_FOUND, "NOT_FOUND", "no operator method at " + JsonBody.bounded(path));
      }
      if (!methods.get().contains(method)) {
        String allow = String.join(", ", methods.get().stream().map(HttpMethod::name).toList());
        return HttpResponse.of(
            ResponseHeaders.builder(HttpStatus.METHOD_NOT_ALLOWED)
                .contentType(MediaType.JSON_UTF_8)
                .add("allow", allow)
                .build(),
            HttpData.ofUtf8(
                JSON.createObjectNode()
                    .put("code", "METHOD_NOT_ALLOWED")
                    .put(
                        "message",
                        method + " is not allowed on " + path + " (allowed: " + allow + ")")
                    .toString()));
      }
      allowOnly(ctx, method == HttpMethod.GET ? getParameters(path) : List.of());
      JsonNode body = body(request);
      Optional<HttpResponse> accessAnswer = access.handle(ctx, caller, method, path, body);
      if (accessAnswer.isPresent()) {
        return accessAnswer.get();
      }
      Optional<HttpResponse> routerAnswer = routers.handle(ctx, caller, method, path, body);
      if (routerAnswer.isPresent()) {
        return routerAnswer.get();
      }
      Matcher ticket = TICKET_ACTION.matcher(path);
      if (method == HttpMethod.GET && path.equals("/admin/v1/tickets")) {
        return ok(tickets(caller, text(ctx, "folderId")));
      }
      if (method == HttpMethod.POST && ticket.matches()) {
        if (ticket.group(2).equals("approve")) {
          return ok(operation(useCases.tickets().approve(caller, ticket.group(1))));
        }
        return ok(ticket(useCases.tickets().reject(caller, ticket.group(1))));
      }
      if (method == HttpMethod.POST && path.equals("/admin/v1/publicConnections")) {
        return ok(operation(createPublicConnection(caller, body)));
      }
      Matcher publicConnection = PUBLIC_CONNECTION.matcher(path);
      if (method == HttpMethod.DELETE && publicConnection.matches()) {
        return ok(
            operation(
                useCases
                    .attachments()
                    .delete(caller, AttachmentKind.PUBLIC, publicConnection.group(1))));
      }
      if (path.equals("/admin/v1/network/faults")) {
        return fault(ctx, caller, method, body);
      }
      Matcher observation = OBSERVATION.matcher(path);
      if (method == HttpMethod.GET && observation.matches()) {
        return ok(observation(caller, observation.group(1)));
      }
      return error(
          HttpStatus.NOT_FOUND, "NOT_FOUND", "no operator method at " + JsonBody.bounded(path));
    } catch (ProblemException e) {
      return problem(e.problem());
    } catch (StoreUnavailable e) {
      return error(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", StoreUnavailable.MESSAGE);
    } catch (BadInput e) {
      return error(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", e.getMessage());
    } catch (RuntimeException bug) {
      log.error("Unexpected failure in the operator API", bug);
      return error(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL", "internal error");
    }
  }

  /** Returns the query parameters a {@code GET} of {@code path} takes; none for other methods. */
  private static List<String> getParameters(String path) {
    return switch (path) {
      case "/admin/v1/tickets" -> List.of("folderId");
      case "/admin/v1/principals" -> List.of("tenantId");
      case "/admin/v1/tokens" -> List.of("principalId");
      case "/admin/v1/audit" -> List.of("principal", "tenant", "since", "pageSize", "pageToken");
      case "/admin/v1/network/faults" -> List.of("router");
      case "/admin/v1/agentCredentials" -> List.of("routerId");
      default ->
          ROUTER_PAGES.matcher(path).matches() ? List.of("pageSize", "pageToken") : List.of();
    };
  }

  /**
   * Refuses a query parameter the operation does not take, and one given more than once: a
   * parameter is never silently ignored.
   */
  private static void allowOnly(ServiceRequestContext ctx, List<String> names) throws BadInput {
    for (String name : ctx.queryParams().names()) {
      if (!names.contains(name)) {
        throw new BadInput(
            JsonBody.bounded(name)
                + ": is not a parameter of this operation"
                + (names.isEmpty()
                    ? " (it takes none)"
                    : " (it takes " + String.join(", ", names) + ")"));
      }
      if (ctx.queryParams().getAll(name).size() > 1) {
        throw new BadInput(name + ": must be given at most once");
      }
    }
  }

  private Operation createPublicConnection(Caller caller, JsonNode body) throws BadInput {
    Optional<JsonNode> peering = JsonBody.object(body, "peering");
    List<String> routes = JsonBody.strings(body, "staticRoutes");
    AttachmentDraft draft =
        new AttachmentDraft(
            text(body, "folderId"),
            text(body, "name"),
            text(body, "description"),
            Map.of(),
            text(body, "trunkId"),
            JsonBody.integer(body, "", "vlanId"),
            peering.isEmpty() ? Optional.empty() : Optional.of(peering(peering.get())),
            routes,
            JsonBody.strings(body, "services"),
            JsonBody.strings(body, "announcedPrefixes"));
    try {
      return useCases.attachments().create(caller, AttachmentKind.PUBLIC, draft);
    } catch (ProblemException e) {
      if (e.problem() instanceof Problem.InvalidArgument invalid) {
        // The core names the fields of a connection its own way; this API's body names them.
        throw new ProblemException(
            new Problem.InvalidArgument(
                invalid.violations().stream()
                    .map(v -> new FieldViolation(fieldName(v.field()), v.description()))
                    .toList()));
      }
      throw e;
    }
  }

  private static PeeringDraft peering(JsonNode peering) throws BadInput {
    return new PeeringDraft(
        JsonBody.text(peering, "peering.", "peeringSubnet"),
        JsonBody.text(peering, "peering.", "peerIp"),
        JsonBody.text(peering, "peering.", "cloudIp"),
        JsonBody.integer(peering, "peering.", "peerBgpAsn").orElse(0L),
        JsonBody.text(peering, "peering.", "peerBgpMd5Key"));
  }

  private HttpResponse fault(
      ServiceRequestContext ctx, Caller caller, HttpMethod method, JsonNode body) throws BadInput {
    if (method == HttpMethod.GET) {
      String router = text(ctx, "router");
      ObjectNode result = JSON.createObjectNode();
      ArrayNode faults = result.putArray("faults");
      useCases.network().faults().list(caller).stream()
          .filter(f -> router.isEmpty() || f.routerId().equals(router))
          .forEach(f -> faults.add(NetworkJson.fault(f)));
      return ok(result);
    }
    boolean inject = method == HttpMethod.POST;
    if (!inject && method != HttpMethod.DELETE) {
      throw new BadInput("use GET to list faults, POST to inject one and DELETE to clear it");
    }
    FaultKind kind =
        switch (text(body, "kind")) {
          case "link" -> FaultKind.LINK;
          case "session" -> FaultKind.SESSION;
          case "refusal" -> FaultKind.REFUSAL;
          default -> throw new BadInput("kind: must be link, session or refusal");
        };
    String target = text(body, "target");
    String router = text(body, "router");
    Optional<String> routerId = router.isEmpty() ? Optional.empty() : Optional.of(router);
    String reason = text(body, "reason");
    if (reason.isEmpty()) {
      reason = "injected by the operator";
    }
    List<NetworkFault> changed =
        inject
            ? useCases.network().faults().inject(caller, kind, target, reason, routerId)
            : useCases.network().faults().clear(caller, kind, target, routerId);
    log.info(
        "{} {} fault on {} ({} router(s))",
        inject ? "Injected" : "Cleared",
        kind.name().toLowerCase(Locale.ROOT),
        target,
        changed.size());
    ObjectNode result = JSON.createObjectNode();
    ArrayNode faults = result.putArray("faults");
    changed.forEach(f -> faults.add(faultJson(f, inject)));
    return ok(result);
  }

  private static ObjectNode faultJson(NetworkFault fault, boolean active) {
    return JSON.createObjectNode()
        .put("router", fault.routerId())
        .put("kind", fault.kind().name().toLowerCase(Locale.ROOT))
        .put("target", fault.target())
        .put("reason", fault.reason())
        .put("active", active);
  }

  private ObjectNode tickets(Caller caller, String folderId) throws BadInput {
    if (folderId.isEmpty()) {
      throw new BadInput("folderId: is required");
    }
    ObjectNode result = JSON.createObjectNode();
    ArrayNode items = result.putArray("tickets");
    useCases
        .tickets()
        .list(caller, folderId, PageRequest.first())
        .items()
        .forEach(t -> items.add(ticket(t)));
    return result;
  }

  private ObjectNode observation(Caller caller, String subjectId) {
    return NetworkJson.subject(useCases.network().view().subject(caller, subjectId));
  }

  private static ObjectNode ticket(Ticket ticket) {
    return JSON.createObjectNode()
        .put("id", ticket.id())
        .put("folderId", ticket.scope())
        .put("status", ticket.status().name())
        .put("supportTicketId", ticket.supportTicketId())
        .put("trunkConnectionId", ticket.trunkId().orElse(""))
        .put("name", ticket.spec().name())
        .put("pointOfPresenceId", ticket.spec().popId())
        .put("capacity", ticket.spec().capacity().toString())
        .put("createdAt", ticket.createdAt().toString())
        .put("expiresAt", ticket.expiresAt().toString());
  }

  private static ObjectNode operation(Operation operation) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("id", operation.id())
            .put("description", operation.description())
            .put("resourceId", operation.resourceId())
            .put("done", operation.done());
    operation.error().ifPresent(problem -> node.put("error", problem.message()));
    return node;
  }

  static JsonNode body(AggregatedHttpRequest request) throws BadInput {
    return JsonBody.read(request.contentUtf8());
  }

  static String text(ServiceRequestContext ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value;
  }

  /** Returns the string {@code field}, empty if absent or null; any other type is refused. */
  static String text(JsonNode node, String field) throws BadInput {
    return JsonBody.text(node, "", field);
  }

  static HttpResponse ok(JsonNode body) {
    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, body.toString());
  }

  static HttpResponse problem(Problem problem) {
    return switch (problem) {
      case Problem.InvalidArgument invalid ->
          error(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", violations(invalid.violations()));
      case Problem.NotFound notFound ->
          error(HttpStatus.NOT_FOUND, "NOT_FOUND", bounded(problem.message()));
      case Problem.AlreadyExists exists ->
          error(HttpStatus.CONFLICT, "ALREADY_EXISTS", bounded(problem.message()));
      case Problem.ResourceExhausted exhausted ->
          error(HttpStatus.TOO_MANY_REQUESTS, "RESOURCE_EXHAUSTED", bounded(problem.message()));
      case Problem.PermissionDenied denied ->
          error(HttpStatus.FORBIDDEN, "PERMISSION_DENIED", bounded(problem.message()));
      case Problem.Unauthenticated unauthenticated ->
          error(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", bounded(problem.message()));
      case Problem.Aborted aborted ->
          error(HttpStatus.CONFLICT, "ABORTED", bounded(problem.message()));
      case Problem.Unavailable unavailable ->
          error(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", bounded(problem.message()));
      default -> error(HttpStatus.BAD_REQUEST, "FAILED_PRECONDITION", bounded(problem.message()));
    };
  }

  /**
   * Returns {@code message} cut to {@link #MAX_MESSAGE} characters: a problem's message may quote
   * what the request sent (an id of 300,000 characters).
   */
  private static String bounded(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
  }

  /** Returns the first {@link #MAX_VIOLATIONS} violations, and how many more there are. */
  private static String violations(List<FieldViolation> all) {
    List<String> shown = new ArrayList<>();
    for (FieldViolation violation : all.subList(0, Math.min(all.size(), MAX_VIOLATIONS))) {
      String text = violation.toString();
      shown.add(text.length() <= MAX_VIOLATION ? text : text.substring(0, MAX_VIOLATION) + "...");
    }
    if (all.size() > MAX_VIOLATIONS) {
      shown.add("and " + (all.size() - MAX_VIOLATIONS) + " more");
    }
    return String.join("; ", shown);
  }

  /**
   * Returns the name this API's JSON gives a field the core names otherwise ({@code vlan} is {@code
   * vlanId}, {@code peering.peer_asn} is {@code peering.peerBgpAsn}); a prefix renames the rest of
   * the path, and an index stays ({@code static_routes[2]} is {@code staticRoutes[2]}).
   */
  static String fieldName(String core) {
    String exact = FIELDS.get(core);
    if (exact != null) {
      return exact;
    }
    for (int end = core.length() - 1; end > 0; end--) {
      char c = core.charAt(end);
      if (c == '.' || c == '[') {
        String prefix = FIELDS.get(core.substring(0, end));
        if (prefix != null) {
          return prefix + core.substring(end);
        }
      }
    }
    return core;
  }

  static HttpResponse error(HttpStatus status, String code, String message) {
    // Whatever a message quotes, the answer stays small: a list of violations is bounded already
    // (about 2,100 characters at most), anything longer is cut.
    String kept =
        message.length() <= MAX_ANY_MESSAGE
            ? message
            : message.substring(0, MAX_ANY_MESSAGE) + "...";
    ObjectNode body = JSON.createObjectNode().put("code", code).put("message", kept);
    return HttpResponse.of(status, MediaType.JSON_UTF_8, body.toString());
  }

  /** A malformed operator request. */
  static final class BadInput extends Exception {
    BadInput(String message) {
      super(message, null, false, false);
    }
  }
}
