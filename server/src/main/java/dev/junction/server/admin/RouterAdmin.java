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
import dev.junction.core.access.Caller;
import dev.junction.core.network.AgentCredential;
import dev.junction.core.network.AgentCredentials;
import dev.junction.core.network.Network;
import dev.junction.core.network.RouterStatus;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.problem.Violations;
import dev.junction.network.plan.Planner;
import dev.junction.server.admin.AdminApi.BadInput;
import dev.junction.server.network.NetworkJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API's part about routers: their network status, one router with a page of its
 * subjects and its recent events, a router's plan (what its agent would change), and the agent
 * credentials of routers, whose secret appears only in the answer that issues it.
 */
final class RouterAdmin {
  private static final Logger log = LoggerFactory.getLogger(RouterAdmin.class);
  private static final Pattern ROUTER =
      Pattern.compile("/admin/v1/routers/([^/:]+)(:plan|/credentials)?");
  private static final Pattern CREDENTIAL = Pattern.compile("/admin/v1/agentCredentials/([^/:]+)");
  private static final String TOKEN_PREFIX = "jr1:";

  private final Network network;
  private final Planner planner;
  private final Function<String, Optional<String>> serverDriver;

  /**
   * @param serverDriver the driver the server itself runs a router with ({@code simulated}, {@code
   *     bird}), empty for a router a {@code junction agent} drives
   */
  RouterAdmin(Network network, Planner planner, Function<String, Optional<String>> serverDriver) {
    this.network = requireNonNull(network, "network");
    this.planner = requireNonNull(planner, "planner");
    this.serverDriver = requireNonNull(serverDriver, "serverDriver");
  }

  /** Answers the request if it is one of this part's, else returns empty. */
  Optional<HttpResponse> handle(
      ServiceRequestContext ctx, Caller caller, HttpMethod method, String path, JsonNode body)
      throws BadInput {
    boolean get = method == HttpMethod.GET;
    if (get && path.equals("/admin/v1/routers")) {
      ObjectNode result = JSON.createObjectNode();
      ArrayNode routers = result.putArray("routers");
      network.view().routers(caller).forEach(s -> routers.add(NetworkJson.status(s)));
      return answer(result);
    }
    if (get && path.equals("/admin/v1/agentCredentials")) {
      String router = text(ctx, "routerId");
      return answer(credentials(caller, router.isEmpty() ? Optional.empty() : Optional.of(router)));
    }
    Matcher credential = CREDENTIAL.matcher(path);
    if (method == HttpMethod.DELETE && credential.matches()) {
      AgentCredential revoked = network.agents().revoke(caller, credential.group(1));
      log.info("Revoked agent credential {} of router {}", revoked.id(), revoked.routerId());
      return answer(NetworkJson.credential(revoked));
    }
    Matcher router = ROUTER.matcher(path);
    if (!router.matches()) {
      return Optional.empty();
    }
    String routerId = router.group(1);
    String part = router.group(2) == null ? "" : router.group(2);
    if (get && part.isEmpty()) {
      PageRequest page = page(ctx);
      ObjectNode result =
          NetworkJson.router(network.view().router(caller, routerId, after(ctx), page.size()));
      result.put("nextPageToken", token(result.path("nextPageToken").asText()));
      return answer(result);
    }
    if (get && part.equals(":plan")) {
      PageRequest page = page(ctx);
      RouterStatus status = status(caller, routerId);
      ObjectNode result =
          NetworkJson.plan(
              planner.plan(status, serverDriver.apply(routerId), after(ctx), page.size()));
      result.put("nextPageToken", token(result.path("nextPageToken").asText()));
      return answer(result);
    }
    if (part.equals("/credentials")) {
      if (get) {
        status(caller, routerId);
        return answer(credentials(caller, Optional.of(routerId)));
      }
      if (method == HttpMethod.POST) {
        return answer(issue(caller, routerId, body));
      }
    }
    return Optional.empty();
  }

  private ObjectNode issue(Caller caller, String routerId, JsonNode body) throws BadInput {
    JsonNode name = body.path("name");
    if (!name.isMissingNode() && !name.isNull() && !name.isTextual()) {
      throw new BadInput("name: must be a string");
    }
    String chosen = name.isTextual() && !name.asText().isBlank() ? name.asText() : "agent";
    AgentCredentials.Issued issued = network.agents().issue(caller, routerId, chosen);
    log.info(
        "Issued agent credential {} ({}) for router {}",
        issued.credential().id(),
        issued.credential().name(),
        routerId);
    ObjectNode result = JSON.createObjectNode();
    result.set("credential", NetworkJson.credential(issued.credential()));
    result.put("secret", issued.secret());
    return result;
  }

  private ObjectNode credentials(Caller caller, Optional<String> routerId) {
    ObjectNode result = JSON.createObjectNode();
    ArrayNode items = result.putArray("credentials");
    network.agents().list(caller, routerId).forEach(c -> items.add(NetworkJson.credential(c)));
    return result;
  }

  /** Returns the status of router {@code routerId}, checking that the caller is the operator. */
  private RouterStatus status(Caller caller, String routerId) {
    return network.view().routers(caller).stream()
        .filter(s -> s.routerId().equals(routerId))
        .findFirst()
        .orElseThrow(() -> ProblemException.notFound("router", routerId));
  }

  private static PageRequest page(ServiceRequestContext ctx) throws BadInput {
    String size = text(ctx, "pageSize");
    long pageSize;
    try {
      pageSize = size.isEmpty() ? 0 : Long.parseLong(size);
    } catch (NumberFormatException e) {
      throw new BadInput("pageSize: must be a number");
    }
    Violations violations = new Violations();
    PageRequest page = PageRequest.of("pageSize", pageSize, Optional.empty(), violations);
    violations.throwIfAny();
    return page;
  }

  /** Returns where the page the request asks for starts: the last attachment id of the previous. */
  private static Optional<String> after(ServiceRequestContext ctx) throws BadInput {
    String token = text(ctx, "pageToken");
    if (token.isEmpty()) {
      return Optional.empty();
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (decoded.startsWith(TOKEN_PREFIX) && decoded.length() > TOKEN_PREFIX.length()) {
        return Optional.of(decoded.substring(TOKEN_PREFIX.length()));
      }
    } catch (IllegalArgumentException notBase64) {
      // Falls through to the same answer as any other token this server did not give.
    }
    throw new BadInput("pageToken: is not a token this server gave");
  }

  /** Returns the opaque token of a page that starts after attachment {@code after}. */
  private static String token(String after) {
    if (after.isEmpty()) {
      return "";
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((TOKEN_PREFIX + after).getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<HttpResponse> answer(ObjectNode body) {
    return Optional.of(ok(body));
  }
}
