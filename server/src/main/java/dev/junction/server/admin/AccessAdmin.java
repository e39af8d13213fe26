package dev.junction.server.admin;

import static dev.junction.server.admin.AdminApi.JSON;
import static dev.junction.server.admin.AdminApi.ok;
import static dev.junction.server.admin.AdminApi.text;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.UseCases;
import dev.junction.core.access.ApiToken;
import dev.junction.core.access.Caller;
import dev.junction.core.access.Grant;
import dev.junction.core.access.Identities;
import dev.junction.core.access.Principal;
import dev.junction.core.access.PrincipalKind;
import dev.junction.core.access.Tenant;
import dev.junction.core.audit.AuditEvent;
import dev.junction.core.audit.AuditQuery;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.page.PageToken;
import dev.junction.core.problem.Violations;
import dev.junction.server.admin.AdminApi.BadInput;
import dev.junction.server.config.CatalogueSettings;
import dev.junction.server.config.ConfigException;
import dev.junction.server.config.DurationText;
import dev.junction.store.JdbcStore;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator API's part about who may do what: tenants and their scopes, principals and their
 * grants, API tokens and global keys, the audit log, and the secrets key ring; and the catalogue
 * and the CNI address pool, which the operator may change while the server runs. Secrets appear
 * only in the answer that creates them.
 */
final class AccessAdmin {
  private static final Pattern TENANT_SCOPES = Pattern.compile("/admin/v1/tenants/([^/:]+)/scopes");
  private static final Pattern PRINCIPAL_GRANTS =
      Pattern.compile("/admin/v1/principals/([^/:]+)/grants(:revoke)?");
  private static final Pattern GLOBAL_KEY =
      Pattern.compile("/admin/v1/principals/([^/:]+)/globalKey");
  private static final Pattern TOKEN_REVOKE = Pattern.compile("/admin/v1/tokens/([^/:]+):revoke");

  private final UseCases useCases;
  private final Identities identities;
  private final JdbcStore store;

  AccessAdmin(UseCases useCases, JdbcStore store) {
    this.useCases = requireNonNull(useCases, "useCases");
    this.identities = useCases.identities();
    this.store = requireNonNull(store, "store");
  }

  /** Answers the request if it is one of this part's, else returns empty. */
  Optional<HttpResponse> handle(
      ServiceRequestContext ctx, Caller caller, HttpMethod method, String path, JsonNode body)
      throws BadInput {
    boolean get = method == HttpMethod.GET;
    boolean post = method == HttpMethod.POST;
    if (path.equals("/admin/v1/tenants")) {
      if (get) {
        return answer(tenants(caller));
      }
      if (post) {
        return answer(tenant(caller, identities.createTenant(caller, text(body, "name"))));
      }
    }
    Matcher scopes = TENANT_SCOPES.matcher(path);
    if (post && scopes.matches()) {
      identities.addScope(caller, scopes.group(1), text(body, "scope"));
      return answer(tenant(caller, identities.tenant(caller, scopes.group(1))));
    }
    if (path.equals("/admin/v1/principals")) {
      if (get) {
        return answer(principals(caller, optional(text(ctx, "tenantId"))));
      }
      if (post) {
        return answer(principal(caller, createPrincipal(caller, body)));
      }
    }
    Matcher grants = PRINCIPAL_GRANTS.matcher(path);
    if (post && grants.matches()) {
      String principalId = grants.group(1);
      if (grants.group(2) == null) {
        identities.grant(caller, principalId, text(body, "scope"), text(body, "role"));
      } else {
        identities.revokeGrant(caller, principalId, text(body, "scope"), text(body, "role"));
      }
      return answer(grantsOf(caller, principalId));
    }
    Matcher globalKey = GLOBAL_KEY.matcher(path);
    if (post && globalKey.matches()) {
      String key = identities.createGlobalKey(caller, globalKey.group(1));
      return answer(
          JSON.createObjectNode().put("principalId", globalKey.group(1)).put("globalKey", key));
    }
    if (path.equals("/admin/v1/tokens")) {
      if (get) {
        ArrayNode items = JSON.createArrayNode();
        identities
            .tokens(caller, optional(text(ctx, "principalId")))
            .forEach(t -> items.add(token(t)));
        ObjectNode result = JSON.createObjectNode();
        result.set("tokens", items);
        return answer(result);
      }
      if (post) {
        Identities.IssuedToken issued =
            identities.createToken(
                caller, text(body, "principalId"), text(body, "name"), ttl(text(body, "ttl")));
        ObjectNode result = JSON.createObjectNode();
        result.set("token", token(issued.token()));
        result.put("secret", issued.secret());
        return answer(result);
      }
    }
    Matcher revoke = TOKEN_REVOKE.matcher(path);
    if (post && revoke.matches()) {
      return answer(token(identities.revokeToken(caller, revoke.group(1))));
    }
    if (get && path.equals("/admin/v1/audit")) {
      return answer(audit(ctx, caller));
    }
    if (post && path.equals("/admin/v1/secrets:rewrap")) {
      return answer(JSON.createObjectNode().put("rewrapped", store.rewrapSecrets()));
    }
    if (method == HttpMethod.PUT && path.equals("/admin/v1/catalogue")) {
      return answer(loadCatalogue(caller, body));
    }
    if (path.equals("/admin/v1/pools/cni")) {
      if (get) {
        return answer(pool(useCases.catalogue().cniPool(caller).toString()));
      }
      if (method == HttpMethod.PUT) {
        return answer(
            pool(useCases.catalogue().setCniPool(caller, text(body, "prefix")).toString()));
      }
    }
    return Optional.empty();
  }

  private static ObjectNode pool(String prefix) {
    return JSON.createObjectNode().put("name", "cni").put("prefix", prefix);
  }

  private static Optional<HttpResponse> answer(JsonNode body) {
    return Optional.of(ok(body));
  }

  private static Optional<String> optional(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private ObjectNode tenants(Caller caller) {
    ObjectNode result = JSON.createObjectNode();
    ArrayNode items = result.putArray("tenants");
    identities.tenants(caller).forEach(t -> items.add(tenant(caller, t)));
    return result;
  }

  private ObjectNode tenant(Caller caller, Tenant tenant) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("id", tenant.id())
            .put("name", tenant.name())
            .put("createdAt", tenant.createdAt().toString());
    ArrayNode scopes = node.putArray("scopes");
    identities.scopes(caller, tenant.id()).forEach(scopes::add);
    return node;
  }

  private Principal createPrincipal(Caller caller, JsonNode body) throws BadInput {
    String kind = text(body, "kind").toLowerCase(Locale.ROOT);
    PrincipalKind principalKind =
        switch (kind) {
          case "", "user" -> PrincipalKind.USER;
          case "service_account", "service-account", "serviceaccount" ->
              PrincipalKind.SERVICE_ACCOUNT;
          default -> throw new BadInput("kind: must be user or service_account");
        };
    JsonNode operator = body.path("operator");
    if (!operator.isMissingNode() && !operator.isNull() && !operator.isBoolean()) {
      throw new BadInput("operator: must be true or false");
    }
    return identities.createPrincipal(
        caller,
        text(body, "tenantId"),
        principalKind,
        text(body, "name"),
        optional(text(body, "email")),
        operator.asBoolean(false));
  }

  private ObjectNode principals(Caller caller, Optional<String> tenantId) {
    ObjectNode result = JSON.createObjectNode();
    ArrayNode items = result.putArray("principals");
    identities.principals(caller, tenantId).forEach(p -> items.add(principal(caller, p)));
    return result;
  }

  private ObjectNode principal(Caller caller, Principal principal) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("id", principal.id())
            .put("tenantId", principal.tenantId())
            .put("kind", principal.kind().name().toLowerCase(Locale.ROOT))
            .put("name", principal.name())
            .put("email", principal.email().orElse(""))
            .put("operator", principal.operator())
            .put("createdAt", principal.createdAt().toString());
    node.set("grants", grantsOf(caller, principal.id()).get("grants"));
    return node;
  }

  private ObjectNode grantsOf(Caller caller, String principalId) {
    ObjectNode result = JSON.createObjectNode().put("principalId", principalId);
    ArrayNode items = result.putArray("grants");
    for (Grant grant : identities.grants(caller, principalId)) {
      items.addObject().put("scope", grant.scope()).put("role", grant.role().wireName());
    }
    return result;
  }

  private static ObjectNode token(ApiToken token) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("id", token.id())
            .put("principalId", token.principalId())
            .put("name", token.name())
            .put("createdAt", token.createdAt().toString());
    token.expiresAt().ifPresent(at -> node.put("expiresAt", at.toString()));
    token.revokedAt().ifPresent(at -> node.put("revokedAt", at.toString()));
    return node;
  }

  private static Optional<Duration> ttl(String text) throws BadInput {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(DurationText.parse("ttl", text));
    } catch (ConfigException e) {
      throw new BadInput("ttl: must be a duration such as 90d, 12h or 30m");
    }
  }

  private ObjectNode audit(ServiceRequestContext ctx, Caller caller) throws BadInput {
    Optional<Instant> since = Optional.empty();
    String sinceText = text(ctx, "since");
    if (!sinceText.isEmpty()) {
      try {
        since = Optional.of(Instant.parse(sinceText));
      } catch (DateTimeParseException e) {
        throw new BadInput("since: must be an RFC 3339 time such as 2026-01-31T12:00:00Z");
      }
    }
    Violations violations = new Violations();
    String size = text(ctx, "pageSize");
    long pageSize;
    try {
      pageSize = size.isEmpty() ? 0 : Long.parseLong(size);
    } catch (NumberFormatException e) {
      throw new BadInput("pageSize: must be a number");
    }
    String token = text(ctx, "pageToken");
    Optional<Long> after = token.isEmpty() ? Optional.empty() : PageToken.decode(token);
    if (!token.isEmpty() && after.isEmpty()) {
      throw new BadInput("pageToken: is not a token this server gave");
    }
    PageRequest page = PageRequest.of("pageSize", pageSize, after, violations);
    violations.throwIfAny();
    Page<AuditEvent> events =
        useCases
            .audit()
            .query(
                caller,
                new AuditQuery(
                    optional(text(ctx, "principal")), optional(text(ctx, "tenant")), since),
                page);
    ObjectNode result = JSON.createObjectNode();
    ArrayNode items = result.putArray("events");
    for (AuditEvent event : events.items()) {
      items
          .addObject()
          .put("at", event.at().toString())
          .put("principal", event.principal())
          .put("tenant", event.tenant())
          .put("action", event.action())
          .put("resource", event.resource())
          .put("requestId", event.requestId())
          .put("source", event.source())
          .put("outcome", event.outcome());
    }
    result.put("nextPageToken", events.next().map(PageToken::encode).orElse(""));
    return result;
  }

  private ObjectNode loadCatalogue(Caller caller, JsonNode body) throws BadInput {
    CatalogueSettings catalogue;
    Set<String> knownPops = new HashSet<>();
    Optional<Long> after = Optional.empty();
    do {
      Page<PointOfPresence> page =
          useCases
              .catalogue()
              .pointsOfPresence(NameFilter.ALL, new PageRequest(PageRequest.MAX_SIZE, after));
      page.items().forEach(pop -> knownPops.add(pop.id()));
      after = page.next();
    } while (after.isPresent());
    try {
      catalogue = CatalogueSettings.parse(body, knownPops, useCases.catalogue().routers());
    } catch (ConfigException e) {
      throw new BadInput(e.getMessage());
    }
    useCases
        .catalogue()
        .load(
            caller,
            catalogue.pointsOfPresence(),
            catalogue.partners(),
            catalogue.routers(),
            catalogue.ports());
    return JSON.createObjectNode()
        .put("pointsOfPresence", catalogue.pointsOfPresence().size())
        .put("partners", catalogue.partners().size())
        .put("routers", catalogue.routers().size())
        .put("ports", catalogue.ports().size());
  }
}
