package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.RunningServer.Answer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls every endpoint of both dialects and of the operator API as seven callers (no token, a
 * malformed token, a revoked token, another tenant, a viewer, an editor, the operator) and checks
 * each answer. Mutations carry payloads that are wrong only after authorization, so an answer of
 * 400 to an editor proves it got through, without changing what the next caller sees.
 */
class AuthorizationMatrixTest {
  private static final String FOLDER = "folder-a";
  private static final String ACCOUNT = "acct-a";
  private static final String FRA_SLOT = "ff466100-c991-4047-a31f-f0808ecc730c";
  private static final String FRA_SLOT_2 = "d14ad60b-4b32-4aed-9e68-fc607fc0f229";

  @TempDir static Path dataDir;
  private static RunningServer server;

  /** Who calls. */
  enum Who {
    NONE,
    MALFORMED,
    REVOKED,
    OTHER_TENANT,
    VIEWER,
    EDITOR,
    OPERATOR
  }

  /** What an endpoint needs. */
  enum Need {
    /** Read access to the scope of what it names. */
    READ,
    /** Write access to the scope of what it names. */
    WRITE,
    /** Any authenticated caller: the catalogue everyone may see. */
    ANYONE,
    /** The operator. */
    OPERATOR
  }

  /**
   * One endpoint, its path per caller (deletes need a fresh target per authorized caller), and the
   * status an authorized caller gets.
   */
  record Endpoint(String method, Function<Who, String> path, String body, Need need, int allowed) {
    static Endpoint of(String method, String path, String body, Need need, int allowed) {
      return new Endpoint(method, who -> path, body, need, allowed);
    }

    String name() {
      return method + " " + path.apply(Who.VIEWER);
    }
  }

  private static final Map<Who, String[]> HEADERS = new EnumMap<>(Who.class);
  private static String trunk;
  private static String privateConnection;
  private static String publicConnection;
  private static String ticket;
  private static String operation;
  private static String interconnect;
  private static String cniId;
  private static final Map<Who, String> DISPOSABLE = new EnumMap<>(Who.class);

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir);
    String acme = server.tenant("acme", FOLDER, ACCOUNT);
    String rival = server.tenant("rival", "folder-b", "acct-b");
    String viewer =
        server.principal(
            acme, "viewer", "viewer@acme.test", FOLDER, "viewer", ACCOUNT, "Magic WAN Read");
    String editor =
        server.principal(
            acme, "editor", "editor@acme.test", FOLDER, "editor", ACCOUNT, "Magic Transit Write");
    String stranger =
        server.principal(
            rival, "stranger", "x@rival.test", "folder-b", "editor", "acct-b", "Magic WAN Write");
    String revoked = server.tokenFor(editor);
    String revokedId =
        server
            .get("/admin/v1/tokens?principalId=" + editor)
            .json()
            .path("tokens")
            .get(0)
            .path("id")
            .asText();
    server.admin("/admin/v1/tokens/" + revokedId + ":revoke", null);

    HEADERS.put(Who.NONE, new String[] {"Authorization", "Basic Zm9vOmJhcg=="});
    HEADERS.put(Who.MALFORMED, new String[] {"Authorization", "Bearer not a token at all"});
    HEADERS.put(Who.REVOKED, new String[] {"Authorization", "Bearer " + revoked});
    HEADERS.put(Who.OTHER_TENANT, bearer(server.tokenFor(stranger)));
    HEADERS.put(Who.VIEWER, bearer(server.tokenFor(viewer)));
    HEADERS.put(Who.EDITOR, bearer(server.tokenFor(editor)));
    HEADERS.put(Who.OPERATOR, bearer(server.token));

    // What tenant A has: a trunk from an approved ticket, connections on it, an interconnect and
    // a CNI.
    Answer ordered =
        as(
            Who.EDITOR,
            "POST",
            "/cic/v1/trunkConnectionTickets",
            """
            {"folderId": "folder-a", "spec": {"name": "a-trunk", "capacity": "CAPACITY_10_GBPS",
             "pointOfPresenceId": "mow01"}}
            """);
    assertThat(ordered.status()).as(ordered.text()).isEqualTo(200);
    ticket = ordered.json().path("metadata").path("ticketId").asText();
    JsonNode approval = server.admin("/admin/v1/tickets/" + ticket + ":approve", null);
    trunk = approval.path("resourceId").asText();
    operation = approval.path("id").asText();
    server.awaitOperation(operation);
    privateConnection = createConnection("pc-a", 100);
    DISPOSABLE.put(Who.EDITOR, createConnection("pc-delete-1", 101));
    DISPOSABLE.put(Who.OPERATOR, createConnection("pc-delete-2", 102));
    JsonNode publicCreated =
        server.admin(
            "/admin/v1/publicConnections",
            """
            {"folderId": "folder-a", "trunkId": "%s", "vlanId": 200,
             "peering": {"peeringSubnet": "10.9.9.0/31", "peerIp": "10.9.9.1",
                         "cloudIp": "10.9.9.0", "peerBgpAsn": 65001}, "services": ["S3"]}
            """
                .formatted(trunk));
    publicConnection = publicCreated.path("resourceId").asText();
    server.awaitOperation(publicCreated.path("id").asText());

    Answer icon =
        as(
            Who.EDITOR,
            "POST",
            cni("/interconnects"),
            "{\"account\":\"acct-a\",\"slot_id\":\"%s\",\"type\":\"direct\"}".formatted(FRA_SLOT));
    assertThat(icon.status()).as(icon.text()).isEqualTo(200);
    interconnect = icon.json().path("name").asText();
    Answer cni =
        as(
            Who.EDITOR,
            "POST",
            cni("/cnis"),
            """
            {"account": "acct-a", "interconnect": "%s",
             "magic": {"conduit_name": "c1", "description": "d", "mtu": 1500},
             "bgp": {"customer_asn": 65000, "extra_prefixes": [], "md5_key": "s3cretmd5key"}}
            """
                .formatted(interconnect));
    assertThat(cni.status()).as(cni.text()).isEqualTo(200);
    cniId = cni.json().path("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String[] bearer(String secret) {
    return new String[] {"Authorization", "Bearer " + secret};
  }

  private static Answer as(Who who, String method, String path, String body) {
    return server.call(method, path, body, HEADERS.get(who));
  }

  private static String cni(String rest) {
    return "/client/v4/accounts/" + ACCOUNT + "/cni" + rest;
  }

  private static String createConnection(String name, int vlan) {
    Answer created =
        as(
            Who.EDITOR,
            "POST",
            "/cic/v1/privateConnections",
            """
            {"folderId": "folder-a", "name": "%s", "trunkConnectionId": "%s", "vlanId": "%d",
             "ipv4Peering": {"peeringSubnet": "169.254.%d.0/30", "peerIp": "169.254.%d.1",
                             "cloudIp": "169.254.%d.2", "peerBgpAsn": "65001",
                             "peerBgpMd5Key": "yandex-md5-secret"}}
            """
                .formatted(name, trunk, vlan, vlan, vlan, vlan));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    server.awaitOperation(created.json().path("id").asText());
    return created.json().path("metadata").path("privateConnectionId").asText();
  }

  private static List<Endpoint> endpoints() {
    String pc = "/cic/v1/privateConnections/" + privateConnection;
    String pub = "/cic/v1/publicConnections/" + publicConnection;
    String tc = "/cic/v1/trunkConnections/" + trunk;
    String badPc =
        """
        {"folderId": "folder-a", "name": "x", "trunkConnectionId": "%s", "vlanId": "1"}
        """
            .formatted(trunk);
    List<Endpoint> all = new ArrayList<>();
    // Yandex: private connections.
    all.add(Endpoint.of("GET", pc, null, Need.READ, 200));
    all.add(
        Endpoint.of("GET", "/cic/v1/privateConnections?folderId=folder-a", null, Need.READ, 200));
    all.add(Endpoint.of("POST", "/cic/v1/privateConnections", badPc, Need.WRITE, 400));
    all.add(
        Endpoint.of(
            "PATCH", pc, "{\"updateMask\":\"name\",\"name\":\"Bad Name!\"}", Need.WRITE, 400));
    all.add(
        new Endpoint(
            "DELETE",
            who -> "/cic/v1/privateConnections/" + DISPOSABLE.getOrDefault(who, privateConnection),
            null,
            Need.WRITE,
            200));
    all.add(
        Endpoint.of(
            "POST", pc + ":move", "{\"destinationFolderId\":\"folder-a\"}", Need.WRITE, 200));
    all.add(Endpoint.of("GET", pc + "/operations", null, Need.READ, 200));
    all.add(
        Endpoint.of(
            "POST",
            pc + ":upsertStaticRoutes",
            "{\"ipv4StaticRoutes\":[{\"prefix\":\"10.0.0.1/8\"}]}",
            Need.WRITE,
            400));
    all.add(
        Endpoint.of(
            "POST",
            pc + ":removeStaticRoutes",
            "{\"ipv4StaticRoutes\":[{\"prefix\":\"nope\"}]}",
            Need.WRITE,
            400));
    // Yandex: trunks.
    all.add(Endpoint.of("GET", tc, null, Need.READ, 200));
    all.add(
        Endpoint.of(
            "GET",
            "/cic/v1/trunkConnections:batchGet?trunkConnectionIds=" + trunk,
            null,
            Need.ANYONE,
            200));
    all.add(Endpoint.of("GET", "/cic/v1/trunkConnections?folderId=folder-a", null, Need.READ, 200));
    all.add(
        Endpoint.of(
            "POST",
            "/cic/v1/trunkConnections",
            "{\"folderId\":\"folder-a\",\"name\":\"Bad Name!\"}",
            Need.WRITE,
            400));
    all.add(
        Endpoint.of(
            "PATCH", tc, "{\"updateMask\":\"name\",\"name\":\"Bad Name!\"}", Need.WRITE, 400));
    all.add(Endpoint.of("DELETE", tc, null, Need.WRITE, 400));
    all.add(
        Endpoint.of(
            "POST", tc + ":move", "{\"destinationFolderId\":\"folder-a\"}", Need.WRITE, 200));
    all.add(Endpoint.of("GET", tc + "/privateConnections", null, Need.READ, 200));
    all.add(Endpoint.of("GET", tc + "/publicConnections", null, Need.READ, 200));
    all.add(Endpoint.of("GET", tc + "/operations", null, Need.READ, 200));
    // Yandex: public connections.
    all.add(Endpoint.of("GET", pub, null, Need.READ, 200));
    all.add(
        Endpoint.of("GET", "/cic/v1/publicConnections?folderId=folder-a", null, Need.READ, 200));
    all.add(
        Endpoint.of(
            "POST", pub + ":move", "{\"destinationFolderId\":\"folder-a\"}", Need.WRITE, 200));
    all.add(Endpoint.of("GET", pub + "/operations", null, Need.READ, 200));
    // Yandex: tickets.
    all.add(
        Endpoint.of(
            "POST",
            "/cic/v1/trunkConnectionTickets",
            "{\"folderId\":\"folder-a\",\"spec\":{\"name\":\"Bad Name!\"}}",
            Need.WRITE,
            400));
    all.add(
        Endpoint.of(
            "POST", "/cic/v1/trunkConnectionTickets/" + ticket + ":revoke", null, Need.WRITE, 400));
    all.add(Endpoint.of("GET", "/cic/v1/trunkConnectionTickets/" + ticket, null, Need.READ, 200));
    all.add(
        Endpoint.of(
            "GET", "/cic/v1/trunkConnectionTickets?folderId=folder-a", null, Need.READ, 200));
    // Yandex: the catalogue, endpoints and operations.
    all.add(Endpoint.of("GET", "/cic/v1/partners", null, Need.ANYONE, 200));
    all.add(Endpoint.of("GET", "/cic/v1/partners/northlink", null, Need.ANYONE, 200));
    all.add(Endpoint.of("GET", "/cic/v1/pointOfPresences", null, Need.ANYONE, 200));
    all.add(Endpoint.of("GET", "/cic/v1/pointOfPresences/mow01", null, Need.ANYONE, 200));
    all.add(Endpoint.of("GET", "/endpoints", null, Need.ANYONE, 200));
    all.add(Endpoint.of("GET", "/endpoints/cic", null, Need.ANYONE, 200));
    all.add(Endpoint.of("GET", "/operations/" + operation, null, Need.READ, 200));
    all.add(Endpoint.of("POST", "/operations/" + operation + ":cancel", "{}", Need.WRITE, 200));
    all.add(Endpoint.of("GET", "/operations/" + operation + ":cancel", null, Need.WRITE, 200));
    // Cloudflare: interconnects.
    String icon = cni("/interconnects/" + interconnect);
    all.add(Endpoint.of("GET", cni("/interconnects"), null, Need.READ, 200));
    all.add(
        Endpoint.of(
            "POST",
            cni("/interconnects"),
            "{\"account\":\"acct-a\",\"slot_id\":\"%s\",\"type\":\"neither\"}"
                .formatted(FRA_SLOT_2),
            Need.WRITE,
            400));
    all.add(Endpoint.of("GET", icon, null, Need.READ, 200));
    all.add(Endpoint.of("DELETE", icon, null, Need.WRITE, 400));
    all.add(Endpoint.of("GET", icon + "/loa", null, Need.READ, 200));
    all.add(Endpoint.of("GET", icon + "/loa/default", null, Need.READ, 200));
    all.add(Endpoint.of("GET", icon + "/status", null, Need.READ, 200));
    // Cloudflare: CNIs, slots, settings.
    all.add(Endpoint.of("GET", cni("/cnis"), null, Need.READ, 200));
    all.add(Endpoint.of("POST", cni("/cnis"), "{\"account\":\"acct-a\"}", Need.WRITE, 400));
    all.add(Endpoint.of("GET", cni("/cnis/" + cniId), null, Need.READ, 200));
    all.add(
        Endpoint.of(
            "PUT",
            cni("/cnis/" + cniId),
            "{\"account\":\"acct-a\",\"id\":\"other\"}",
            Need.WRITE,
            400));
    all.add(Endpoint.of("DELETE", cni("/cnis/not-a-uuid"), null, Need.WRITE, 400));
    all.add(Endpoint.of("GET", cni("/slots"), null, Need.READ, 200));
    all.add(Endpoint.of("GET", cni("/slots/" + FRA_SLOT), null, Need.READ, 200));
    all.add(Endpoint.of("GET", cni("/settings"), null, Need.READ, 200));
    all.add(Endpoint.of("PUT", cni("/settings"), "{\"default_asn\":64500}", Need.WRITE, 400));
    // Junction's network extension: what the network observed of a tenant's resources.
    all.add(Endpoint.of("GET", "/junction/v1/network/" + trunk, null, Need.READ, 200));
    all.add(Endpoint.of("GET", "/junction/v1/network/" + privateConnection, null, Need.READ, 200));
    all.add(Endpoint.of("GET", "/junction/v1/network/" + cniId, null, Need.READ, 200));
    // The operator API.
    all.add(Endpoint.of("GET", "/admin/v1/tickets?folderId=folder-a", null, Need.OPERATOR, 200));
    all.add(
        Endpoint.of("POST", "/admin/v1/tickets/" + ticket + ":approve", null, Need.OPERATOR, 400));
    all.add(
        Endpoint.of("POST", "/admin/v1/tickets/" + ticket + ":reject", null, Need.OPERATOR, 400));
    all.add(Endpoint.of("POST", "/admin/v1/publicConnections", "{}", Need.OPERATOR, 400));
    all.add(Endpoint.of("DELETE", "/admin/v1/publicConnections/nothing", null, Need.OPERATOR, 404));
    all.add(Endpoint.of("POST", "/admin/v1/network/faults", "{}", Need.OPERATOR, 400));
    all.add(Endpoint.of("GET", "/admin/v1/observations/" + trunk, null, Need.OPERATOR, 200));
    all.add(Endpoint.of("GET", "/admin/v1/tenants", null, Need.OPERATOR, 200));
    all.add(Endpoint.of("POST", "/admin/v1/tenants", "{\"name\":\"\"}", Need.OPERATOR, 400));
    all.add(
        Endpoint.of(
            "POST", "/admin/v1/tenants/nothing/scopes", "{\"scope\":\"x\"}", Need.OPERATOR, 404));
    all.add(Endpoint.of("GET", "/admin/v1/principals", null, Need.OPERATOR, 200));
    all.add(
        Endpoint.of(
            "POST",
            "/admin/v1/principals",
            "{\"tenantId\":\"nothing\",\"name\":\"n\"}",
            Need.OPERATOR,
            404));
    all.add(
        Endpoint.of(
            "POST",
            "/admin/v1/principals/nothing/grants",
            "{\"scope\":\"x\",\"role\":\"editor\"}",
            Need.OPERATOR,
            404));
    all.add(
        Endpoint.of(
            "POST",
            "/admin/v1/principals/nothing/grants:revoke",
            "{\"scope\":\"x\",\"role\":\"editor\"}",
            Need.OPERATOR,
            404));
    all.add(
        Endpoint.of("POST", "/admin/v1/principals/nothing/globalKey", null, Need.OPERATOR, 404));
    all.add(Endpoint.of("GET", "/admin/v1/tokens", null, Need.OPERATOR, 200));
    all.add(
        Endpoint.of(
            "POST",
            "/admin/v1/tokens",
            "{\"principalId\":\"nothing\",\"name\":\"t\"}",
            Need.OPERATOR,
            404));
    all.add(Endpoint.of("POST", "/admin/v1/tokens/nothing:revoke", null, Need.OPERATOR, 404));
    all.add(Endpoint.of("GET", "/admin/v1/audit", null, Need.OPERATOR, 200));
    all.add(Endpoint.of("POST", "/admin/v1/secrets:rewrap", null, Need.OPERATOR, 200));
    all.add(
        Endpoint.of(
            "PUT", "/admin/v1/catalogue", "{\"ports\":[{\"id\":\"\"}]}", Need.OPERATOR, 400));
    all.add(Endpoint.of("GET", "/admin/v1/routers", null, Need.OPERATOR, 200));
    all.add(Endpoint.of("GET", "/admin/v1/routers/edge-fra01-a", null, Need.OPERATOR, 200));
    all.add(Endpoint.of("GET", "/admin/v1/routers/edge-fra01-a:plan", null, Need.OPERATOR, 200));
    all.add(
        Endpoint.of("GET", "/admin/v1/routers/edge-fra01-a/credentials", null, Need.OPERATOR, 200));
    all.add(
        Endpoint.of(
            "POST", "/admin/v1/routers/edge-nowhere/credentials", "{}", Need.OPERATOR, 404));
    all.add(Endpoint.of("GET", "/admin/v1/agentCredentials", null, Need.OPERATOR, 200));
    all.add(Endpoint.of("DELETE", "/admin/v1/agentCredentials/nothing", null, Need.OPERATOR, 404));
    all.add(Endpoint.of("GET", "/admin/v1/pools/cni", null, Need.OPERATOR, 200));
    all.add(
        Endpoint.of(
            "PUT", "/admin/v1/pools/cni", "{\"prefix\":\"10.0.0.1/8\"}", Need.OPERATOR, 400));
    return all;
  }

  /** Returns the status {@code who} must get from {@code endpoint}. */
  private static int expected(Endpoint endpoint, Who who) {
    return switch (who) {
      case NONE, MALFORMED, REVOKED -> 401;
      case OTHER_TENANT ->
          switch (endpoint.need()) {
            case READ, WRITE -> 404;
            case ANYONE -> 200;
            case OPERATOR -> 403;
          };
      case VIEWER ->
          switch (endpoint.need()) {
            case READ, ANYONE -> 200;
            case WRITE, OPERATOR -> 403;
          };
      case EDITOR ->
          switch (endpoint.need()) {
            case READ, ANYONE -> 200;
            case WRITE -> endpoint.allowed();
            case OPERATOR -> 403;
          };
      case OPERATOR ->
          endpoint.need() == Need.READ || endpoint.need() == Need.ANYONE ? 200 : endpoint.allowed();
    };
  }

  @Test
  void answersEveryEndpointAsEachCallerMayBeAnswered() {
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Endpoint endpoint : endpoints()) {
      for (Who who : Who.values()) {
        Answer answer = as(who, endpoint.method(), endpoint.path().apply(who), endpoint.body());
        int want = expected(endpoint, who);
        checked++;
        if (answer.status() != want) {
          wrong.add(
              endpoint.name()
                  + " as "
                  + who
                  + ": "
                  + answer.status()
                  + " (want "
                  + want
                  + ") "
                  + answer.text());
        }
      }
    }
    assertThat(wrong).as("%d calls checked", checked).isEmpty();
  }

  @Test
  void answersAnotherTenantsResourceExactlyAsAMissingOne() {
    String real = privateConnection;
    String missing = "cpc" + "0".repeat(real.length() - 3);
    Answer theirs = as(Who.OTHER_TENANT, "GET", "/cic/v1/privateConnections/" + real, null);
    Answer nobodys = as(Who.OTHER_TENANT, "GET", "/cic/v1/privateConnections/" + missing, null);
    assertThat(theirs.status()).isEqualTo(404);
    assertThat(withoutRequestId(theirs).replace(real, missing))
        .isEqualTo(withoutRequestId(nobodys));
    assertThat(theirs.text()).doesNotContain(FOLDER).doesNotContain(trunk);

    Answer theirCni =
        as(Who.OTHER_TENANT, "GET", "/client/v4/accounts/acct-b/cni/cnis/" + cniId, null);
    Answer noCni =
        as(
            Who.OTHER_TENANT,
            "GET",
            "/client/v4/accounts/acct-b/cni/cnis/00000000-0000-4000-8000-000000000000",
            null);
    assertThat(theirCni.status()).isEqualTo(404);
    assertThat(theirCni.text()).isEqualTo(noCni.text());
    assertThat(theirCni.text()).doesNotContain(ACCOUNT);
  }

  private static String withoutRequestId(Answer answer) {
    return answer.text().replaceAll("\"requestId\": \"[0-9a-f]+\"", "");
  }

  @Test
  void neverListsAnotherTenantsItems() {
    Answer slots = as(Who.OTHER_TENANT, "GET", "/client/v4/accounts/acct-b/cni/slots", null);
    assertThat(slots.status()).isEqualTo(200);
    assertThat(slots.text()).doesNotContain(ACCOUNT);
    JsonNode fra =
        as(Who.OTHER_TENANT, "GET", "/client/v4/accounts/acct-b/cni/slots/" + FRA_SLOT, null)
            .json();
    assertThat(fra.path("occupied").asBoolean()).isTrue();
    assertThat(fra.path("account").asText("")).isEmpty();
    assertThat(
            as(Who.OTHER_TENANT, "GET", "/client/v4/accounts/acct-b/cni/cnis", null)
                .json()
                .path("items")
                .size())
        .isZero();
    assertThat(
            as(Who.OTHER_TENANT, "GET", "/cic/v1/privateConnections?folderId=folder-b", null)
                .json()
                .path("privateConnections")
                .size())
        .isZero();
  }

  @Test
  void showsTheMd5KeyOnlyToThoseWhoMayChangeTheConnection() {
    String path = "/cic/v1/privateConnections/" + privateConnection;
    assertThat(
            as(Who.EDITOR, "GET", path, null)
                .json()
                .path("ipv4Peering")
                .path("peerBgpMd5Key")
                .asText())
        .isEqualTo("yandex-md5-secret");
    assertThat(
            as(Who.OPERATOR, "GET", path, null)
                .json()
                .path("ipv4Peering")
                .path("peerBgpMd5Key")
                .asText())
        .isEqualTo("yandex-md5-secret");
    Answer viewed = as(Who.VIEWER, "GET", path, null);
    assertThat(viewed.status()).isEqualTo(200);
    assertThat(viewed.text()).doesNotContain("yandex-md5-secret");
    Answer viewedCni = as(Who.VIEWER, "GET", cni("/cnis/" + cniId), null);
    assertThat(viewedCni.status()).isEqualTo(200);
    assertThat(viewedCni.text()).doesNotContain("s3cretmd5key");
    assertThat(
            as(Who.EDITOR, "GET", cni("/cnis/" + cniId), null)
                .json()
                .path("bgp")
                .path("md5_key")
                .asText())
        .isEqualTo("s3cretmd5key");
  }

  @Test
  void movesOnlyWithEditorOnBothFolders() {
    Answer elsewhere =
        as(
            Who.EDITOR,
            "POST",
            "/cic/v1/privateConnections/" + privateConnection + ":move",
            "{\"destinationFolderId\":\"folder-b\"}");
    assertThat(elsewhere.status()).as(elsewhere.text()).isEqualTo(404);
    assertThat(elsewhere.json().path("message").asText()).isEqualTo("folder folder-b not found");
  }

  @Test
  void recordsMutationsAndDenialsInTheAuditLog() throws Exception {
    as(Who.VIEWER, "DELETE", "/cic/v1/privateConnections/" + privateConnection, null);
    as(Who.NONE, "GET", "/cic/v1/pointOfPresences", null);
    JsonNode events = null;
    for (int i = 0; i < 100; i++) {
      events = server.get("/admin/v1/audit?pageSize=1000").json().path("events");
      // The audit log is written once each answer is sent: wait for both of this test's.
      if (events.toString().contains("denied: write private connection")
          && events.toString().contains("denied: unauthenticated")) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(events).isNotNull();
    List<String> outcomes = events.findValuesAsText("outcome");
    assertThat(outcomes).contains("ok", "denied: unauthenticated");
    assertThat(events.toString()).contains("denied: write private connection " + privateConnection);
    JsonNode created = null;
    for (JsonNode event : events) {
      if (event.path("action").asText().equals("POST /cic/v1/privateConnections")
          && event.path("outcome").asText().equals("ok")) {
        created = event;
      }
    }
    assertThat(created).as("the creation of a private connection is recorded").isNotNull();
    assertThat(created.path("principal").asText()).startsWith("prn");
    assertThat(created.path("tenant").asText()).startsWith("tnt");
    assertThat(created.path("resource").asText()).startsWith("cpc");
    assertThat(created.path("requestId").asText()).isNotEmpty();
    assertThat(created.path("source").asText()).isEqualTo("127.0.0.1");
    assertThat(events.toString()).doesNotContain("yandex-md5-secret").doesNotContain("jct_");
  }
}
