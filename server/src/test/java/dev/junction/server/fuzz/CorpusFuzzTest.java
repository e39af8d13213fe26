package dev.junction.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.config.Quotas;
import dev.junction.server.RunningServer;
import dev.junction.server.RunningServer.Answer;
import dev.junction.server.config.JunctionConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeded fuzz and corpus test: mutations of a valid request to every endpoint of both dialects,
 * the operator API, the network endpoint and gRPC (through a real client and as raw frames), sent
 * to a real server on SQLite. Every answer must be free of 5xx, INTERNAL and UNKNOWN; an error must
 * be the dialect's error body and, when it is a 400 about a field or parameter the case mutated,
 * name it; and an error must change no table but the audit log.
 *
 * <p>The suite runs a fixed seed; {@code -Djunction.fuzz.seed=N} replays another run (the seed is
 * printed first), {@code -Djunction.fuzz.cases=N} sets how many cases run (5,000 by default);
 * {@code bench/fuzz.sh} runs a longer one.
 */
class CorpusFuzzTest {
  private static final long DEFAULT_SEED = 20_261_130L;
  private static final String TRUNK = "cftdemotrunk00000001";
  private static final String FOLDER = "fuzz-folder";
  private static final String ACCOUNT = "fuzz-acct";
  private static final String FRA_SLOT_2 = "d14ad60b-4b32-4aed-9e68-fc607fc0f229";
  private static final Pattern STACK_TRACE =
      Pattern.compile(
          "\\tat [a-z]|\\bat (java|dev\\.junction|com\\.linecorp|io\\.grpc)\\.|Exception: |\\$Lambda");

  /**
   * A request target the HTTP layer refuses as a whole, before any parameter is read: an encoded
   * NUL, control character or slash, a dot segment, a malformed escape. Its error names the request
   * path, not the parameter.
   */
  private static final Pattern UNSAFE_TARGET =
      Pattern.compile("(?i)%(0[0-9a-f]|1[0-9a-f]|7f|2f)|(\\.|%2e){2}|%(?![0-9a-f]{2})");

  /** The most an error body may take: enough for any message, not for an echo of the input. */
  private static final int MAX_ERROR_BODY = 16 * 1024;

  @TempDir static Path dataDir;
  private static RunningServer server;
  private static Path database;
  private static Fixtures fixtures;
  private static String freeSlot;
  private static String freeSlotSpeed;

  /** The resources the seeds refer to, made before the run. */
  record Fixtures(
      String connection,
      String doomedConnection,
      String operation,
      String ticket,
      String pendingTicket,
      String rejectedTicket,
      String trunk,
      String publicConnection,
      String doomedPublicConnection,
      String interconnect,
      String doomedInterconnect,
      String freeInterconnect,
      String cni,
      String doomedCni,
      String cniBody,
      String tenant,
      String principal,
      String token,
      int grpcPort) {}

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir, CorpusFuzzTest::roomy);
    database = dataDir.resolve("junction.db");
    fixtures = makeFixtures();
  }

  /** Quotas with room for the fixtures and for the creates whose mutation left them valid. */
  private static JunctionConfig roomy(JunctionConfig config) {
    CoreConfig core = config.core();
    return config.withCore(
        new CoreConfig(
            new Quotas(20, 1000, 100, 100),
            core.cloudAsn(),
            core.operationTimeout(),
            core.networkPollInterval(),
            core.ticketTtl(),
            core.autoApproveTickets(),
            core.p2pPool(),
            core.agentSilence()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void answersEveryMutatedRequestByNameWithoutA5xxAndChangesNothingWhenRefused() throws Exception {
    // A fixed seed by default, so that the suite runs the same cases every time and a landing does
    // not depend on luck; bench/fuzz.sh runs new seeds, as many cases as asked.
    long seed = Long.getLong("junction.fuzz.seed", DEFAULT_SEED);
    int cases = Integer.getInteger("junction.fuzz.cases", 5_000);
    System.out.println(
        "fuzz: seed " + seed + ", " + cases + " cases (replay: -Djunction.fuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    List<Seed> seeds = seeds();
    Mutations mutations = new Mutations(random, seeds);
    GrpcFuzzer grpc =
        new GrpcFuzzer(random, mutations, fixtures.grpcPort(), server.operatorToken(), grpcSeeds());
    Summary summary = new Summary();
    corpusCheck(seeds, summary);

    Instant started = Instant.now();
    StoreSnapshot before = settled();
    for (int i = 0; i < cases; i++) {
      int roll = random.nextInt(100);
      Outcome outcome;
      if (roll < 80) {
        outcome = rest(mutations.next(seeds.get(random.nextInt(seeds.size()))));
      } else if (roll < 93) {
        outcome = grpc.call();
      } else {
        outcome = grpc.frame();
      }
      if (outcome.accepted()) {
        before = settled();
      } else {
        StoreSnapshot after = StoreSnapshot.of(database);
        Set<String> changed = before.changedIn(after);
        if (!changed.isEmpty()) {
          List<String> problems = new ArrayList<>(outcome.problems());
          problems.add("refused but changed " + changed);
          outcome =
              new Outcome(
                  outcome.group(),
                  outcome.endpoint(),
                  outcome.kind(),
                  outcome.refusal(),
                  false,
                  problems,
                  outcome.request(),
                  outcome.answer());
        }
        before = after;
      }
      summary.add(outcome);
      if ((i + 1) % 500 == 0) {
        System.out.println("fuzz: " + (i + 1) + " cases, " + summary.failures() + " failed");
      }
    }
    String report = summary.report(seed, cases, Duration.between(started, Instant.now()));
    System.out.println(report);
    assertThat(summary.failures())
        .as(
            "failed cases (the summary above lists them; replay with -Djunction.fuzz.seed=%d)",
            seed)
        .isZero();
  }

  // Running one case.

  private static Outcome rest(RestCase c) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + server.operatorToken());
    if (!c.contentType().isEmpty()) {
      headers.put("Content-Type", c.contentType());
    }
    RawHttp.Response response;
    Seed seed = c.seed();
    try {
      response = RawHttp.send(server.httpPort(), c.method(), c.target(), headers, c.body());
    } catch (IOException | RuntimeException e) {
      return new Outcome(
          seed.group(),
          seed.endpoint(),
          c.kind(),
          "no answer",
          false,
          List.of("no answer: " + e.getClass().getSimpleName()),
          c.describe(),
          String.valueOf(e.getMessage()));
    }
    JsonNode json;
    try {
      json = RunningServer.JSON.readTree(response.body());
      if (json == null) {
        json = NullNode.getInstance();
      }
    } catch (IOException notJson) {
      json = NullNode.getInstance();
    }
    int status = response.status();
    Dialect dialect = seed.dialect();
    List<String> problems = new ArrayList<>();
    String refusal;
    boolean accepted = status >= 200 && status < 300;
    if (STACK_TRACE.matcher(response.body()).find()) {
      problems.add("stack trace on the wire");
    }
    if (!accepted && response.body().length() > MAX_ERROR_BODY) {
      problems.add("error body over " + MAX_ERROR_BODY / 1024 + " KiB");
    }
    if (status >= 500) {
      problems.add("HTTP " + status);
    }
    if (accepted) {
      refusal = "2xx";
      if (c.mustRefuse()) {
        problems.add("accepted");
      }
    } else if (status >= 400) {
      boolean form = dialect.isError(json);
      refusal =
          status
              + (form
                  ? " code=" + dialect.code(json)
                  : " not-" + dialect.name().toLowerCase() + "-body");
      if (!form) {
        problems.add("HTTP " + status + " not in the dialect's error body");
      } else if (status == 400
          && !c.names().isEmpty()
          && !UNSAFE_TARGET.matcher(c.target()).find()) {
        String messages = dialect.messages(json);
        if (c.names().stream().noneMatch(messages::contains)) {
          problems.add(
              "400 not naming the "
                  + (c.kind().contains("param")
                          || c.kind().startsWith("bad-p")
                          || c.kind().equals("bad-cursor")
                          || c.kind().equals("bad-filter")
                      ? "parameter"
                      : "field"));
        }
      }
    } else {
      refusal = "HTTP " + status;
      problems.add("unexpected HTTP " + status);
    }
    String answer =
        accepted ? "" : "HTTP " + status + " " + Mutations.abbreviate(response.body(), 300);
    return new Outcome(
        seed.group(), seed.endpoint(), c.kind(), refusal, accepted, problems, c.describe(), answer);
  }

  /** Waits until no operation is pending and two reads of the store agree, and returns the last. */
  private static StoreSnapshot settled() throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    StoreSnapshot last = StoreSnapshot.of(database);
    while (true) {
      Thread.sleep(40);
      StoreSnapshot next = StoreSnapshot.of(database);
      boolean quiet =
          last.changedIn(next).isEmpty() && StoreSnapshot.pendingOperations(database) == 0;
      if (quiet || Instant.now().isAfter(deadline)) {
        return next;
      }
      last = next;
    }
  }

  /** Sends every seed once, unmutated (but deletions), and counts those the server refused. */
  private static void corpusCheck(List<Seed> seeds, Summary summary) throws InterruptedException {
    for (Seed seed : seeds) {
      if (seed.method().equals("DELETE")) {
        continue;
      }
      RestCase valid =
          new RestCase(
              seed,
              "valid",
              "",
              List.of(),
              false,
              seed.method(),
              Mutations.target(seed.path(), seed.query()),
              seed.body() == null ? null : seed.body().replace("#n#", "corpus"),
              seed.body() == null ? "" : "application/json");
      Outcome outcome = rest(valid);
      summary.corpus(seed, outcome);
      settled();
    }
  }

  // The corpus.

  private static String cf(String path) {
    return "/client/v4/accounts/" + ACCOUNT + "/cni" + path;
  }

  private static List<Map.Entry<String, String>> query(String... pairs) {
    List<Map.Entry<String, String>> query = new ArrayList<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      query.add(Map.entry(pairs[i], pairs[i + 1]));
    }
    return query;
  }

  private static String privateConnection(String name, int vlan, int octet) {
    return """
        {"folderId": "%s", "name": "%s", "description": "fuzz corpus", "trunkConnectionId": "%s",
         "vlanId": "%d", "ipv4Peering": {"peeringSubnet": "169.254.%d.0/30",
         "peerIp": "169.254.%d.1", "cloudIp": "169.254.%d.2", "peerBgpAsn": "65001"},
         "ipv4StaticRoutes": [{"prefix": "10.%d.0.0/16"}], "labels": {"team": "net"}}
        """
        .formatted(FOLDER, name, TRUNK, vlan, octet, octet, octet, octet);
  }

  private static String publicConnection(String name, int vlan) {
    return """
        {"folderId": "%s", "trunkId": "%s", "name": "%s", "vlanId": %d,
         "services": ["S3", "ALL_PUBLIC"], "announcedPrefixes": ["198.51.100.0/24"],
         "peering": {"peeringSubnet": "10.9.%d.0/31", "peerIp": "10.9.%d.0", "cloudIp": "10.9.%d.1",
                     "peerBgpAsn": 65100}}
        """
        .formatted(FOLDER, TRUNK, name, vlan, vlan % 200, vlan % 200, vlan % 200);
  }

  private static final String TRUNK_CREATE =
      """
      {"folderId": "%s", "name": "fuzz-trunk-#n#", "description": "fuzz corpus",
       "pointOfPresenceId": "iad01", "capacity": "CAPACITY_10_GBPS",
       "singlePortDirectJoint": {"transceiverType": "TRANSCEIVER_TYPE_10GBASE_LR"},
       "labels": {"team": "net"}, "deletionProtection": false}
      """
          .formatted(FOLDER);

  private static final String TICKET_CREATE =
      """
      {"folderId": "%s", "spec": {"name": "fuzz-ticket", "description": "fuzz corpus",
       "capacity": "CAPACITY_10_GBPS", "pointOfPresenceId": "iad01", "userMessage": "please",
       "labels": {"team": "net"}}}
      """
          .formatted(FOLDER);

  private static String cniCreate(String interconnect, String conduit) {
    return """
        {"account": "%s", "interconnect": "%s",
         "magic": {"conduit_name": "%s", "description": "fuzz corpus", "mtu": 1500},
         "bgp": {"customer_asn": 65000, "extra_prefixes": ["10.0.0.0/24"], "md5_key": "abc"}}
        """
        .formatted(ACCOUNT, interconnect, conduit);
  }

  private static List<Seed> seeds() {
    Fixtures f = fixtures;
    List<Seed> seeds = new ArrayList<>();
    List<String> pcId = List.of("private_connection_id", "privateConnectionId");
    List<String> pubId = List.of("public_connection_id", "publicConnectionId");
    List<String> trunkId = List.of("trunk_connection_id", "trunkConnectionId");
    List<String> ticketId = List.of("ticket_id", "ticketId");
    String pc = "/cic/v1/privateConnections";
    String pub = "/cic/v1/publicConnections";
    String tc = "/cic/v1/trunkConnections";
    String tt = "/cic/v1/trunkConnectionTickets";
    // Yandex REST: private connections.
    y(
        seeds,
        "POST " + pc,
        "POST",
        pc,
        "",
        List.of(),
        query(),
        privateConnection("fuzz-pc-#n#", 700, 70));
    y(
        seeds,
        "GET " + pc,
        "GET",
        pc,
        "",
        List.of(),
        query("folderId", FOLDER, "pageSize", "10", "filter", "name%3D%22fuzz-pc%22"),
        null);
    y(
        seeds,
        "GET " + pc + "/{id}",
        "GET",
        pc + "/" + f.connection(),
        f.connection(),
        pcId,
        query(),
        null);
    y(
        seeds,
        "PATCH " + pc + "/{id}",
        "PATCH",
        pc + "/" + f.connection(),
        f.connection(),
        pcId,
        query(),
        """
        {"updateMask": "name,description,labels", "name": "fuzz-pc", "description": "fuzzed",
         "labels": {"team": "net"}}
        """);
    y(
        seeds,
        "DELETE " + pc + "/{id}",
        "DELETE",
        pc + "/" + f.doomedConnection(),
        f.doomedConnection(),
        pcId,
        query(),
        null);
    y(
        seeds,
        "POST " + pc + "/{id}:move",
        "POST",
        pc + "/" + f.connection() + ":move",
        f.connection(),
        pcId,
        query(),
        "{\"destinationFolderId\": \"" + FOLDER + "\"}");
    y(
        seeds,
        "GET " + pc + "/{id}/operations",
        "GET",
        pc + "/" + f.connection() + "/operations",
        f.connection(),
        pcId,
        query("pageSize", "5"),
        null);
    y(
        seeds,
        "POST " + pc + "/{id}:upsertStaticRoutes",
        "POST",
        pc + "/" + f.connection() + ":upsertStaticRoutes",
        f.connection(),
        pcId,
        query(),
        "{\"ipv4StaticRoutes\": [{\"prefix\": \"10.88.0.0/16\"}]}");
    y(
        seeds,
        "POST " + pc + "/{id}:removeStaticRoutes",
        "POST",
        pc + "/" + f.connection() + ":removeStaticRoutes",
        f.connection(),
        pcId,
        query(),
        "{\"ipv4StaticRoutes\": [{\"prefix\": \"10.88.0.0/16\"}]}");
    // Yandex REST: public connections.
    y(
        seeds,
        "GET " + pub,
        "GET",
        pub,
        "",
        List.of(),
        query("folderId", FOLDER, "pageSize", "10"),
        null);
    y(
        seeds,
        "GET " + pub + "/{id}",
        "GET",
        pub + "/" + f.publicConnection(),
        f.publicConnection(),
        pubId,
        query(),
        null);
    y(
        seeds,
        "POST " + pub + "/{id}:move",
        "POST",
        pub + "/" + f.publicConnection() + ":move",
        f.publicConnection(),
        pubId,
        query(),
        "{\"destinationFolderId\": \"" + FOLDER + "\"}");
    y(
        seeds,
        "GET " + pub + "/{id}/operations",
        "GET",
        pub + "/" + f.publicConnection() + "/operations",
        f.publicConnection(),
        pubId,
        query("pageSize", "5"),
        null);
    // Yandex REST: trunks.
    y(
        seeds,
        "GET " + tc,
        "GET",
        tc,
        "",
        List.of(),
        query("folderId", "demo-folder", "pageSize", "10"),
        null);
    y(seeds, "POST " + tc, "POST", tc, "", List.of(), query(), TRUNK_CREATE);
    y(seeds, "GET " + tc + "/{id}", "GET", tc + "/" + TRUNK, TRUNK, trunkId, query(), null);
    y(
        seeds,
        "GET " + tc + ":batchGet",
        "GET",
        tc + ":batchGet",
        "",
        List.of(),
        query("trunkConnectionIds", TRUNK, "trunkConnectionIds", f.trunk()),
        null);
    y(
        seeds,
        "PATCH " + tc + "/{id}",
        "PATCH",
        tc + "/" + f.trunk(),
        f.trunk(),
        trunkId,
        query(),
        "{\"updateMask\": \"description,labels\", \"description\": \"fuzzed\", \"labels\": {\"env\": \"test\"}}");
    y(
        seeds,
        "DELETE " + tc + "/{id}",
        "DELETE",
        tc + "/" + f.trunk(),
        f.trunk(),
        trunkId,
        query(),
        null);
    y(
        seeds,
        "POST " + tc + "/{id}:move",
        "POST",
        tc + "/" + f.trunk() + ":move",
        f.trunk(),
        trunkId,
        query(),
        "{\"destinationFolderId\": \"" + FOLDER + "\"}");
    for (String sub : List.of("privateConnections", "publicConnections", "operations")) {
      y(
          seeds,
          "GET " + tc + "/{id}/" + sub,
          "GET",
          tc + "/" + TRUNK + "/" + sub,
          TRUNK,
          trunkId,
          query("pageSize", "5"),
          null);
    }
    // Yandex REST: tickets, the catalogue, operations, endpoints.
    y(
        seeds,
        "POST " + tt,
        "POST",
        tt,
        "",
        List.of(),
        query(),
        TICKET_CREATE.replace("\"fuzz-ticket\"", "\"fuzz-ticket-#n#\""));
    y(
        seeds,
        "GET " + tt,
        "GET",
        tt,
        "",
        List.of(),
        query("folderId", FOLDER, "pageSize", "10"),
        null);
    y(
        seeds,
        "GET " + tt + "/{id}",
        "GET",
        tt + "/" + f.ticket(),
        f.ticket(),
        ticketId,
        query(),
        null);
    y(
        seeds,
        "POST " + tt + "/{id}:revoke",
        "POST",
        tt + "/" + f.ticket() + ":revoke",
        f.ticket(),
        ticketId,
        query(),
        "{}");
    y(
        seeds,
        "GET /cic/v1/pointOfPresences",
        "GET",
        "/cic/v1/pointOfPresences",
        "",
        List.of(),
        query("pageSize", "10"),
        null);
    y(
        seeds,
        "GET /cic/v1/pointOfPresences/{id}",
        "GET",
        "/cic/v1/pointOfPresences/mow01",
        "mow01",
        List.of("point_of_presence_id", "pointOfPresenceId"),
        query(),
        null);
    y(
        seeds,
        "GET /cic/v1/partners",
        "GET",
        "/cic/v1/partners",
        "",
        List.of(),
        query("pageSize", "10"),
        null);
    y(
        seeds,
        "GET /cic/v1/partners/{id}",
        "GET",
        "/cic/v1/partners/northlink",
        "northlink",
        List.of("partner_id", "partnerId"),
        query(),
        null);
    List<String> opId = List.of("operation_id", "operationId");
    y(
        seeds,
        "GET /operations/{id}",
        "GET",
        "/operations/" + f.operation(),
        f.operation(),
        opId,
        query(),
        null);
    y(
        seeds,
        "GET /operations/{id}:cancel",
        "GET",
        "/operations/" + f.operation() + ":cancel",
        f.operation(),
        opId,
        query(),
        null);
    y(
        seeds,
        "POST /operations/{id}:cancel",
        "POST",
        "/operations/" + f.operation() + ":cancel",
        f.operation(),
        opId,
        query(),
        "{}");
    y(seeds, "GET /endpoints", "GET", "/endpoints", "", List.of(), query(), null);
    y(
        seeds,
        "GET /endpoints/{id}",
        "GET",
        "/endpoints/cic",
        "cic",
        List.of("api_endpoint_id", "apiEndpointId"),
        query(),
        null);

    // Cloudflare.
    List<String> account = List.of("account_id", "account");
    List<String> icon = List.of("interconnect", "icon");
    c(
        seeds,
        "GET interconnects",
        "GET",
        cf("/interconnects"),
        ACCOUNT,
        account,
        query("site", "mow01", "type", "direct", "cursor", "0", "limit", "10"),
        null);
    c(
        seeds,
        "POST interconnects (direct)",
        "POST",
        cf("/interconnects"),
        ACCOUNT,
        account,
        query(),
        "{\"account\": \"%s\", \"slot_id\": \"%s\", \"type\": \"direct\", \"speed\": \"%s\"}"
            .formatted(ACCOUNT, freeSlot, freeSlotSpeed));
    c(
        seeds,
        "POST interconnects (gcp_partner)",
        "POST",
        cf("/interconnects"),
        ACCOUNT,
        account,
        query(),
        "{\"account\": \"%s\", \"type\": \"gcp_partner\", \"bandwidth\": \"1G\", \"pairing_key\": \"pk-abc/us-east4/1\"}"
            .formatted(ACCOUNT));
    c(
        seeds,
        "GET interconnects/{icon}",
        "GET",
        cf("/interconnects/" + f.interconnect()),
        f.interconnect(),
        icon,
        query(),
        null);
    c(
        seeds,
        "DELETE interconnects/{icon}",
        "DELETE",
        cf("/interconnects/" + f.doomedInterconnect()),
        f.doomedInterconnect(),
        icon,
        query(),
        null);
    for (String sub : List.of("/status", "/loa", "/loa/default")) {
      c(
          seeds,
          "GET interconnects/{icon}" + sub,
          "GET",
          cf("/interconnects/" + f.interconnect() + sub),
          f.interconnect(),
          icon,
          query(),
          null);
    }
    c(
        seeds,
        "GET cnis",
        "GET",
        cf("/cnis"),
        ACCOUNT,
        account,
        query("slot", freeSlot, "tunnel_id", "", "cursor", "0", "limit", "10"),
        null);
    c(
        seeds,
        "POST cnis",
        "POST",
        cf("/cnis"),
        ACCOUNT,
        account,
        query(),
        cniCreate(f.freeInterconnect(), "fuzz-conduit-#n#"));
    c(
        seeds,
        "GET cnis/{id}",
        "GET",
        cf("/cnis/" + f.cni()),
        f.cni(),
        List.of("cni", "id"),
        query(),
        null);
    c(
        seeds,
        "PUT cnis/{id}",
        "PUT",
        cf("/cnis/" + f.cni()),
        f.cni(),
        List.of("cni", "id"),
        query(),
        f.cniBody());
    c(
        seeds,
        "DELETE cnis/{id}",
        "DELETE",
        cf("/cnis/" + f.doomedCni()),
        f.doomedCni(),
        List.of("cni", "id"),
        query(),
        null);
    c(
        seeds,
        "GET slots",
        "GET",
        cf("/slots"),
        ACCOUNT,
        account,
        query(
            "site",
            "fra01",
            "occupied",
            "false",
            "speed",
            "10G",
            "address_contains",
            "Frank",
            "cursor",
            "0",
            "limit",
            "10"),
        null);
    c(
        seeds,
        "GET slots/{id}",
        "GET",
        cf("/slots/" + FRA_SLOT_2),
        FRA_SLOT_2,
        List.of("slot", "slot_id"),
        query(),
        null);
    c(seeds, "GET settings", "GET", cf("/settings"), ACCOUNT, account, query(), null);
    c(
        seeds,
        "PUT settings",
        "PUT",
        cf("/settings"),
        ACCOUNT,
        account,
        query(),
        "{\"default_asn\": 65010}");

    // The operator API.
    String a = "/admin/v1";
    o(seeds, "GET tenants", "GET", a + "/tenants", "", query(), null);
    o(
        seeds,
        "POST tenants",
        "POST",
        a + "/tenants",
        "",
        query(),
        "{\"name\": \"fuzz-tenant-#n#\"}");
    o(
        seeds,
        "POST tenants/{id}/scopes",
        "POST",
        a + "/tenants/" + f.tenant() + "/scopes",
        f.tenant(),
        query(),
        "{\"scope\": \"fuzz-scope-#n#\"}");
    o(seeds, "GET principals", "GET", a + "/principals", "", query(), null);
    o(
        seeds,
        "POST principals",
        "POST",
        a + "/principals",
        "",
        query(),
        "{\"tenantId\": \"%s\", \"name\": \"fuzz-principal-#n#\", \"email\": \"new-#n#@fuzz.example\"}"
            .formatted(f.tenant()));
    o(
        seeds,
        "POST principals/{id}/grants",
        "POST",
        a + "/principals/" + f.principal() + "/grants",
        f.principal(),
        query(),
        "{\"scope\": \"fuzz-scope\", \"role\": \"editor\"}");
    o(
        seeds,
        "POST principals/{id}/grants:revoke",
        "POST",
        a + "/principals/" + f.principal() + "/grants:revoke",
        f.principal(),
        query(),
        "{\"scope\": \"fuzz-scope\", \"role\": \"viewer\"}");
    o(seeds, "GET tokens", "GET", a + "/tokens", "", query(), null);
    o(
        seeds,
        "POST tokens",
        "POST",
        a + "/tokens",
        "",
        query(),
        "{\"principalId\": \"%s\", \"name\": \"fuzz-token-#n#\"}".formatted(f.principal()));
    o(
        seeds,
        "POST tokens/{id}:revoke",
        "POST",
        a + "/tokens/" + f.token() + ":revoke",
        f.token(),
        query(),
        null);
    o(seeds, "GET tickets", "GET", a + "/tickets", "", query("folderId", FOLDER), null);
    o(
        seeds,
        "POST tickets/{id}:approve",
        "POST",
        a + "/tickets/" + f.pendingTicket() + ":approve",
        f.pendingTicket(),
        query(),
        null);
    o(
        seeds,
        "POST tickets/{id}:reject",
        "POST",
        a + "/tickets/" + f.rejectedTicket() + ":reject",
        f.rejectedTicket(),
        query(),
        null);
    o(
        seeds,
        "POST publicConnections",
        "POST",
        a + "/publicConnections",
        "",
        query(),
        publicConnection("fuzz-pub-#n#", 3005));
    o(
        seeds,
        "DELETE publicConnections/{id}",
        "DELETE",
        a + "/publicConnections/" + f.doomedPublicConnection(),
        f.doomedPublicConnection(),
        query(),
        null);
    o(
        seeds,
        "GET network/faults",
        "GET",
        a + "/network/faults",
        "",
        query("router", "edge-fra01-a"),
        null);
    o(seeds, "GET observations/{id}", "GET", a + "/observations/" + TRUNK, TRUNK, query(), null);
    o(seeds, "GET audit", "GET", a + "/audit", "", query(), null);
    o(seeds, "GET routers", "GET", a + "/routers", "", query(), null);
    o(seeds, "GET routers/{id}", "GET", a + "/routers/edge-fra01-a", "edge-fra01-a", query(), null);
    o(
        seeds,
        "GET routers/{id}:plan",
        "GET",
        a + "/routers/edge-fra01-a:plan",
        "edge-fra01-a",
        query(),
        null);
    o(
        seeds,
        "GET routers/{id}/credentials",
        "GET",
        a + "/routers/edge-fra01-a/credentials",
        "edge-fra01-a",
        query(),
        null);
    o(
        seeds,
        "POST routers/{id}/credentials",
        "POST",
        a + "/routers/edge-fra01-a/credentials",
        "edge-fra01-a",
        query(),
        "{}");
    o(seeds, "GET agentCredentials", "GET", a + "/agentCredentials", "", query(), null);
    o(seeds, "GET pools/cni", "GET", a + "/pools/cni", "", query(), null);
    o(
        seeds,
        "PUT pools/cni",
        "PUT",
        a + "/pools/cni",
        "",
        query(),
        "{\"prefix\": \"%s\"}"
            .formatted(server.get(a + "/pools/cni").json().path("prefix").asText()));
    o(
        seeds,
        "POST principals/{id}/globalKey",
        "POST",
        a + "/principals/" + f.principal() + "/globalKey",
        f.principal(),
        query(),
        null);
    o(
        seeds,
        "DELETE agentCredentials/{id}",
        "DELETE",
        a + "/agentCredentials/agcfuzzmissing",
        "agcfuzzmissing",
        query(),
        null);

    // The network endpoint.
    for (String id : List.of(f.connection(), TRUNK, f.cni())) {
      seeds.add(
          new Seed(
              Dialect.NETWORK,
              "GET /junction/v1/network/{id}",
              "GET",
              "/junction/v1/network/" + id,
              id,
              List.of("resourceId", "resource_id"),
              query(),
              null));
    }
    return seeds;
  }

  private static void y(
      List<Seed> seeds,
      String endpoint,
      String method,
      String path,
      String id,
      List<String> idName,
      List<Map.Entry<String, String>> query,
      String body) {
    seeds.add(new Seed(Dialect.YANDEX, endpoint, method, path, id, idName, query, body));
  }

  private static void c(
      List<Seed> seeds,
      String endpoint,
      String method,
      String path,
      String id,
      List<String> idName,
      List<Map.Entry<String, String>> query,
      String body) {
    seeds.add(
        new Seed(
            Dialect.CLOUDFLARE,
            method.equals(endpoint.split(" ")[0]) ? endpoint : method + " " + endpoint,
            method,
            path,
            id,
            idName,
            query,
            body));
  }

  private static void o(
      List<Seed> seeds,
      String endpoint,
      String method,
      String path,
      String id,
      List<Map.Entry<String, String>> query,
      String body) {
    seeds.add(new Seed(Dialect.OPERATOR, endpoint, method, path, id, List.of(), query, body));
  }

  private static Map<String, String> grpcSeeds() {
    Fixtures f = fixtures;
    Map<String, String> seeds = new TreeMap<>();
    String pcs = "yandex.cloud.cic.v1.PrivateConnectionService/";
    String pubs = "yandex.cloud.cic.v1.PublicConnectionService/";
    String tcs = "yandex.cloud.cic.v1.TrunkConnectionService/";
    String tts = "yandex.cloud.cic.v1.TrunkConnectionTicketService/";
    String pcId = "{\"privateConnectionId\": \"" + f.connection() + "\"";
    seeds.put(pcs + "Get", pcId + "}");
    seeds.put(
        pcs + "List",
        "{\"folderId\": \""
            + FOLDER
            + "\", \"pageSize\": \"10\", \"filter\": \"name=\\\"fuzz-pc\\\"\"}");
    seeds.put(pcs + "Create", privateConnection("fuzz-grpc-new", 800, 80));
    seeds.put(
        pcs + "Update",
        pcId
            + ", \"updateMask\": \"name,description\", \"name\": \"fuzz-pc\", \"description\": \"grpc\"}");
    seeds.put(pcs + "Delete", "{\"privateConnectionId\": \"cpcfuzzmissing0000001\"}");
    seeds.put(pcs + "Move", pcId + ", \"destinationFolderId\": \"" + FOLDER + "\"}");
    seeds.put(pcs + "ListOperations", pcId + ", \"pageSize\": \"5\"}");
    seeds.put(
        pcs + "UpsertStaticRoute",
        pcId + ", \"ipv4StaticRoutes\": [{\"prefix\": \"10.89.0.0/16\"}]}");
    seeds.put(
        pcs + "RemoveStaticRoute",
        pcId + ", \"ipv4StaticRoutes\": [{\"prefix\": \"10.89.0.0/16\"}]}");
    seeds.put(pcs + "BatchGet", "{\"privateConnectionIds\": [\"" + f.connection() + "\"]}");
    String pubId = "{\"publicConnectionId\": \"" + f.publicConnection() + "\"";
    seeds.put(pubs + "Get", pubId + "}");
    seeds.put(pubs + "List", "{\"folderId\": \"" + FOLDER + "\", \"pageSize\": \"10\"}");
    seeds.put(pubs + "Move", pubId + ", \"destinationFolderId\": \"" + FOLDER + "\"}");
    seeds.put(pubs + "ListOperations", pubId + "}");
    String trunkId = "{\"trunkConnectionId\": \"" + TRUNK + "\"";
    seeds.put(tcs + "Get", trunkId + "}");
    seeds.put(
        tcs + "BatchGet", "{\"trunkConnectionIds\": [\"" + TRUNK + "\", \"" + f.trunk() + "\"]}");
    seeds.put(tcs + "List", "{\"folderId\": \"demo-folder\", \"pageSize\": \"10\"}");
    seeds.put(tcs + "Create", TRUNK_CREATE.replace("#n#", "grpc"));
    seeds.put(
        tcs + "Update",
        "{\"trunkConnectionId\": \""
            + f.trunk()
            + "\", \"updateMask\": \"description\", \"description\": \"grpc\"}");
    seeds.put(tcs + "Delete", "{\"trunkConnectionId\": \"cftfuzzmissing000001\"}");
    seeds.put(tcs + "ListPrivateConnections", trunkId + ", \"pageSize\": \"5\"}");
    seeds.put(tcs + "ListPublicConnections", trunkId + ", \"pageSize\": \"5\"}");
    seeds.put(
        tcs + "Move",
        "{\"trunkConnectionId\": \""
            + f.trunk()
            + "\", \"destinationFolderId\": \""
            + FOLDER
            + "\"}");
    seeds.put(tcs + "ListOperations", trunkId + "}");
    seeds.put(tts + "Create", TICKET_CREATE.replace("\"fuzz-ticket\"", "\"fuzz-ticket-grpc\""));
    seeds.put(tts + "Revoke", "{\"ticketId\": \"" + f.ticket() + "\"}");
    seeds.put(tts + "Get", "{\"ticketId\": \"" + f.ticket() + "\"}");
    seeds.put(tts + "List", "{\"folderId\": \"" + FOLDER + "\", \"pageSize\": \"10\"}");
    seeds.put(
        "yandex.cloud.cic.v1.PointOfPresenceService/Get", "{\"pointOfPresenceId\": \"mow01\"}");
    seeds.put("yandex.cloud.cic.v1.PartnerService/Get", "{\"partnerId\": \"northlink\"}");
    seeds.put(
        "yandex.cloud.operation.OperationService/Get",
        "{\"operationId\": \"" + f.operation() + "\"}");
    seeds.put(
        "yandex.cloud.operation.OperationService/Cancel",
        "{\"operationId\": \"" + f.operation() + "\"}");
    seeds.put("yandex.cloud.endpoint.ApiEndpointService/Get", "{\"apiEndpointId\": \"cic\"}");
    return seeds;
  }

  // The fixtures.

  private static Fixtures makeFixtures() throws Exception {
    Answer created =
        server.post("/cic/v1/privateConnections", privateConnection("fuzz-pc", 600, 60));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    String operation = created.json().path("id").asText();
    String connection = created.json().path("metadata").path("privateConnectionId").asText();
    server.awaitOperation(operation);
    Answer doomed =
        server.post("/cic/v1/privateConnections", privateConnection("fuzz-doomed", 601, 61));
    assertThat(doomed.status()).as(doomed.text()).isEqualTo(200);
    server.awaitOperation(doomed.json().path("id").asText());

    String ticket = ticket("fuzz-ticket-a");
    String approved = ticket("fuzz-ticket-b");
    String pendingTicket = ticket("fuzz-ticket-c");
    String rejectedTicket = ticket("fuzz-ticket-d");
    Answer approval = server.post("/admin/v1/tickets/" + approved + ":approve", null);
    assertThat(approval.status()).as(approval.text()).isEqualTo(200);
    String trunk = approval.json().path("resourceId").asText();
    server.awaitOperation(approval.json().path("id").asText());

    String publicConnection = publicConnectionId(publicConnection("fuzz-pub", 3001));
    String doomedPublic = publicConnectionId(publicConnection("fuzz-pub-doomed", 3002));

    List<JsonNode> free = new ArrayList<>();
    server.get(cf("/slots?occupied=false&limit=1000")).json().path("items").forEach(free::add);
    assertThat(free).as("free slots").hasSizeGreaterThanOrEqualTo(6);
    freeSlot = free.get(5).path("id").asText();
    freeSlotSpeed = free.get(5).path("speed").asText();
    String interconnect = interconnect(free.get(0));
    String doomedInterconnect = interconnect(free.get(1));
    awaitHealthy(interconnect);
    String cni = cni(interconnect);
    String other = interconnect(free.get(2));
    awaitHealthy(other);
    String doomedCni = cni(other);
    String unused = interconnect(free.get(3));
    String cniBody = server.get(cf("/cnis/" + cni)).text();

    String tenant = server.tenant("fuzz-tenant", "fuzz-scope");
    String principal =
        server.principal(tenant, "fuzz-principal", "fuzz@fuzz.example", "fuzz-scope", "viewer");
    String token =
        server
            .admin(
                "/admin/v1/tokens",
                "{\"principalId\":\"%s\",\"name\":\"fuzz\"}".formatted(principal))
            .path("token")
            .path("id")
            .asText();
    String address =
        server.get("/endpoints").json().path("endpoints").get(0).path("address").asText();
    int grpcPort = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    return new Fixtures(
        connection,
        doomed.json().path("metadata").path("privateConnectionId").asText(),
        operation,
        ticket,
        pendingTicket,
        rejectedTicket,
        trunk,
        publicConnection,
        doomedPublic,
        interconnect,
        doomedInterconnect,
        unused,
        cni,
        doomedCni,
        cniBody,
        tenant,
        principal,
        token,
        grpcPort);
  }

  private static String ticket(String name) {
    Answer ticket =
        server.post(
            "/cic/v1/trunkConnectionTickets",
            TICKET_CREATE.replace("\"fuzz-ticket\"", '"' + name + '"'));
    assertThat(ticket.status()).as(ticket.text()).isEqualTo(200);
    server.awaitOperation(ticket.json().path("id").asText());
    return ticket.json().path("metadata").path("ticketId").asText();
  }

  private static String publicConnectionId(String body) {
    JsonNode operation = server.admin("/admin/v1/publicConnections", body);
    server.awaitOperation(operation.path("id").asText());
    return operation.path("resourceId").asText();
  }

  private static String interconnect(JsonNode slot) {
    Answer created =
        server.post(
            cf("/interconnects"),
            "{\"account\":\"%s\",\"slot_id\":\"%s\",\"type\":\"direct\",\"speed\":\"%s\"}"
                .formatted(ACCOUNT, slot.path("id").asText(), slot.path("speed").asText()));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    return created.json().path("name").asText();
  }

  private static void awaitHealthy(String interconnect) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!server
        .get(cf("/interconnects/" + interconnect + "/status"))
        .json()
        .path("state")
        .asText()
        .equals("Healthy")) {
      assertThat(Instant.now()).as("interconnect %s is healthy", interconnect).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static String cni(String interconnect) {
    Answer created = server.post(cf("/cnis"), cniCreate(interconnect, "conduit-" + interconnect));
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    return created.json().path("id").asText();
  }
}
