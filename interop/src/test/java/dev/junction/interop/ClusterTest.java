package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code junction serve} processes on one PostgreSQL, under load through both dialects; one
 * replica is killed with SIGKILL mid-load and later started again. Every operation a replica
 * acknowledged must finish (within the lease and a second of the kill, if it was under way then),
 * none twice; nothing may stay in a transitional status; the routers the dead replica drove must be
 * taken over; and every replica must answer the same resources and the same observed network.
 */
class ClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REPLICAS = 3;

  /** How long a dead replica's operations stay its own (operations.leaseDuration). */
  private static final Duration LEASE = Duration.ofSeconds(3);

  /**
   * How long its routers stay its own (network.ownerLease): another replica looks for free routers
   * every third of it, so that a router is taken over within 4/3 of it, and an operation waiting on
   * one finishes within the operations' lease only if this is shorter.
   */
  private static final Duration OWNER_LEASE = Duration.ofSeconds(2);

  /**
   * How long a simulated router takes to run a change (network.simulated.applyDelay). Long enough
   * that the clients' creates and deletes are under way most of the time, so that the kill finds
   * some under way: with the default 100 ms an operation took 30-140 ms of a client's cycle of
   * polls, and once in a CI run none of the six clients had one under way at the kill.
   */
  private static final Duration APPLY = Duration.ofMillis(300);

  private static final Duration LOAD = Duration.ofSeconds(40);
  private static final Duration KILL_AT = Duration.ofSeconds(12);
  private static final Duration RESTART_AT = Duration.ofSeconds(26);
  private static final String FOLDER = "cluster-folder";
  private static final String ACCOUNT = "5c4a7b1e9d2f40a3b6e8c1d7f0a2b3c4";

  /** One trunk per router, so that each replica's routers carry Yandex connections. */
  private static final Map<String, String> TRUNKS =
      Map.of(
          "cftclustertrunk00001", "10c84e76-3ff1-457c-a4d2-afa47485ca2a",
          "cftclustertrunk00002", "ff466100-c991-4047-a31f-f0808ecc730c",
          "cftclustertrunk00003", "ab3456ff-be75-4457-b00e-22ee111ba41e");

  /** Free slots for the Cloudflare clients' interconnects, on every router. */
  private static final List<String> SLOTS =
      List.of(
          "e51b30a9-4cfb-4c47-a3b4-d517213a9ef5",
          "d14ad60b-4b32-4aed-9e68-fc607fc0f229",
          "cc460984-a0e9-4c82-ac14-9bb38adbc288");

  private static final Pattern FINISHED = Pattern.compile("Operation (\\S+) .*finished");

  // Kept when the test fails: the replicas' logs are in it.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicReferenceArray<JunctionProcess> replicas =
      new AtomicReferenceArray<>(REPLICAS);
  private final AtomicInteger turn = new AtomicInteger();
  private String token;
  private String adminToken;

  /** What a client was answered: an operation it was given, or a Cloudflare change it saw made. */
  private record Acknowledged(String id, String what, Instant at) {}

  @Test
  void replicasShareTheWorkAndTakeOverFromAKilledOne() throws Exception {
    String database = TestPostgres.newDatabase();
    Path config = config(database);
    List<Path> dataDirs = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      dataDirs.add(Files.createDirectories(dir.resolve("replica-" + i)));
    }
    try {
      replicas.set(0, JunctionProcess.start(dataDirs.get(0), config));
      // The operator hands every replica the bootstrap credentials of the first.
      for (int i = 1; i < REPLICAS; i++) {
        for (String file : List.of("admin-token", "admin-global-key")) {
          Files.copy(dataDirs.get(0).resolve(file), dataDirs.get(i).resolve(file));
        }
      }
      for (int i = 1; i < REPLICAS; i++) {
        replicas.set(i, JunctionProcess.start(dataDirs.get(i), config));
      }
      adminToken = replicas.get(0).token();
      Tenants tenants = new Tenants(replicas.get(0));
      String tenant = tenants.create("cluster", FOLDER, ACCOUNT);
      token =
          tenants.token(
              tenants.principal(
                  tenant, "automation", FOLDER, "editor", ACCOUNT, "Magic WAN Write"));
      List<String> interconnects = new ArrayList<>();
      for (String slot : SLOTS) {
        interconnects.add(
            send(
                    "POST",
                    cf("/interconnects"),
                    object().put("account", ACCOUNT).put("type", "direct").put("slot_id", slot),
                    null)
                .path("name")
                .asText());
      }
      awaitAllRoutersOwned();

      Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
      ExecutorService clients = Executors.newCachedThreadPool();
      long start = System.nanoTime();
      long until = start + LOAD.toNanos();
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < 6; c++) {
        int client = c;
        running.add(clients.submit(() -> yandexClient(client, until, acknowledged)));
      }
      for (int c = 0; c < interconnects.size(); c++) {
        int client = c;
        String icon = interconnects.get(c);
        running.add(clients.submit(() -> cloudflareClient(client, icon, until, acknowledged)));
      }

      sleepUntil(start + KILL_AT.toNanos());
      Map<String, String> owners = routerOwners();
      int victim = busiestReplica(owners, dataDirs);
      String victimName = replicaName(dataDirs.get(victim));
      Set<String> victimRouters = routersOf(owners, victimName);
      // The clients move almost in step (a router runs their changes together), and once in a CI
      // run the kill fell in a gap where none had an operation under way. This create is certainly
      // under way at the kill: its router, driven by the victim, takes APPLY to run it, and the
      // kill follows its answer at once.
      acknowledge(acknowledged, createAtTheKill(trunkOn(victimRouters)), "create");
      JunctionProcess dying = replicas.getAndSet(victim, null);
      Instant killedAt = Instant.now();
      dying.kill();
      Duration takeover = awaitTakeover(victimName);
      System.out.printf(
          "killed replica %d (%s, driving %s) at %s; its routers were taken over in %d ms%n",
          victim, victimName, victimRouters, KILL_AT, takeover.toMillis());

      sleepUntil(start + RESTART_AT.toNanos());
      long restarting = System.nanoTime();
      replicas.set(victim, JunctionProcess.start(dataDirs.get(victim), config));
      System.out.printf(
          "restarted replica %d in %d ms%n",
          victim, Duration.ofNanos(System.nanoTime() - restarting).toMillis());
      for (Future<?> client : running) {
        client.get();
      }
      clients.shutdown();

      Map<String, JsonNode> finished = awaitDone(acknowledged);
      long yandexOperations = finished.size();
      long cloudflareChanges = acknowledged.size() - yandexOperations;
      List<String> failed = new ArrayList<>();
      Duration slowest = Duration.ZERO;
      int underWay = 0;
      for (JsonNode operation : finished.values()) {
        if (operation.has("error")) {
          failed.add(operation.path("id").asText() + ": " + operation.path("error"));
        }
        Instant created = Instant.parse(operation.path("createdAt").asText());
        Instant modified = Instant.parse(operation.path("modifiedAt").asText());
        if (created.isBefore(killedAt) && modified.isAfter(killedAt)) {
          underWay++;
          Duration afterKill = Duration.between(killedAt, modified);
          slowest = afterKill.compareTo(slowest) > 0 ? afterKill : slowest;
        }
      }
      System.out.printf(
          "%d Yandex operations and %d Cloudflare changes acknowledged by %d replicas, 1 kill;"
              + " %d operations were under way at the kill, the last finished %d ms after it%n",
          yandexOperations, cloudflareChanges, REPLICAS, underWay, slowest.toMillis());
      assertThat(failed).as("acknowledged operations that failed").isEmpty();
      assertThat(underWay).as("operations under way at the kill").isPositive();
      assertThat(slowest)
          .as("an operation under way at the kill finishes within the lease and a second")
          .isLessThanOrEqualTo(LEASE.plusSeconds(1));
      assertThat(yandexOperations).as("Yandex operations acknowledged").isGreaterThan(50);
      assertThat(cloudflareChanges).as("Cloudflare changes acknowledged").isGreaterThan(20);

      assertNoOperationFinishedTwice(dataDirs);
      assertNothingTransitional();
      assertNothingOutlivesItsSubject(database);
      assertEveryReplicaAnswersTheSame(interconnects);
      assertThat(routersOf(routerOwners(), victimName)).as("routers of the dead replica").isEmpty();
    } finally {
      for (int i = 0; i < REPLICAS; i++) {
        JunctionProcess replica = replicas.get(i);
        if (replica != null) {
          replica.kill();
        }
      }
    }
  }

  /** Creates, updates and deletes private connections on its trunk until {@code until}. */
  private Void yandexClient(int client, long until, Map<String, Acknowledged> acknowledged)
      throws Exception {
    String trunk = List.copyOf(new TreeMap<>(TRUNKS).keySet()).get(client % TRUNKS.size());
    for (int n = 0; n < 600 && System.nanoTime() < until; n++) {
      int vlan = 2 + client * 600 + n;
      int subnet = client * 1000 + n;
      String net = "10." + (100 + subnet / 256) + "." + subnet % 256;
      JsonNode create =
          send(
              "POST",
              "/cic/v1/privateConnections",
              object()
                  .put("folderId", FOLDER)
                  .put("name", "cluster-" + client + "-" + n)
                  .put("trunkConnectionId", trunk)
                  .put("vlanId", String.valueOf(vlan))
                  .set(
                      "ipv4Peering",
                      object()
                          .put("peeringSubnet", net + ".0/31")
                          .put("peerIp", net + ".0")
                          .put("cloudIp", net + ".1")
                          .put("peerBgpAsn", String.valueOf(65_000 + client))
                          .put("peerBgpMd5Key", "cluster-key-" + client)),
              UUID.randomUUID().toString());
      String connection = create.path("metadata").path("privateConnectionId").asText();
      acknowledge(acknowledged, create, "create");
      awaitOperation(create.path("id").asText());
      JsonNode update =
          send(
              "PATCH",
              "/cic/v1/privateConnections/" + connection,
              object().put("updateMask", "description").put("description", "round " + n),
              UUID.randomUUID().toString());
      acknowledge(acknowledged, update, "update");
      awaitOperation(update.path("id").asText());
      if (n % 2 == 0) {
        JsonNode delete =
            send(
                "DELETE",
                "/cic/v1/privateConnections/" + connection,
                null,
                UUID.randomUUID().toString());
        acknowledge(acknowledged, delete, "delete");
        awaitOperation(delete.path("id").asText());
      }
    }
    return null;
  }

  /** Creates a private connection on {@code trunk} with a VLAN and subnet no client uses. */
  private JsonNode createAtTheKill(String trunk) throws Exception {
    return send(
        "POST",
        "/cic/v1/privateConnections",
        object()
            .put("folderId", FOLDER)
            .put("name", "cluster-at-the-kill")
            .put("trunkConnectionId", trunk)
            .put("vlanId", "4000")
            .set(
                "ipv4Peering",
                object()
                    .put("peeringSubnet", "10.250.0.0/31")
                    .put("peerIp", "10.250.0.0")
                    .put("cloudIp", "10.250.0.1")
                    .put("peerBgpAsn", "65100")
                    .put("peerBgpMd5Key", "cluster-key-at-the-kill")),
        UUID.randomUUID().toString());
  }

  /**
   * Returns a trunk whose port is on one of {@code routers}, as the default catalogue places it.
   */
  private static String trunkOn(Set<String> routers) throws IOException {
    String catalogue = Files.readString(Path.of(System.getProperty("junction.default.config")));
    for (Map.Entry<String, String> trunk : new TreeMap<>(TRUNKS).entrySet()) {
      Matcher port =
          Pattern.compile("id: " + Pattern.quote(trunk.getValue()) + ", router: ([^,]+),")
              .matcher(catalogue);
      if (port.find() && routers.contains(port.group(1))) {
        return trunk.getKey();
      }
    }
    throw new AssertionError("no trunk on the routers " + routers);
  }

  /** Creates, replaces and deletes a CNI on its interconnect until {@code until}. */
  private Void cloudflareClient(
      int client, String interconnect, long until, Map<String, Acknowledged> acknowledged)
      throws Exception {
    for (int n = 0; System.nanoTime() < until; n++) {
      ObjectNode body =
          object()
              .put("account", ACCOUNT)
              .put("interconnect", interconnect)
              .<ObjectNode>set(
                  "magic",
                  object()
                      .put("conduit_name", "cluster-" + client + "-" + n)
                      .put("description", "")
                      .put("mtu", 1500))
              .set(
                  "bgp",
                  object()
                      .put("customer_asn", 65_100 + client)
                      .set("extra_prefixes", JSON.createArrayNode()));
      JsonNode cni = createCni(body, interconnect);
      String id = cni.path("id").asText();
      acknowledged.put("cf-create-" + id, new Acknowledged(id, "cni create", Instant.now()));
      ObjectNode replaced = (ObjectNode) cni.deepCopy();
      replaced.withObjectProperty("magic").put("description", "round " + n);
      send("PUT", cf("/cnis/" + id), replaced, null);
      acknowledged.put("cf-update-" + id, new Acknowledged(id, "cni update", Instant.now()));
      deleteCni(id);
      acknowledged.put("cf-delete-" + id, new Acknowledged(id, "cni delete", Instant.now()));
    }
    return null;
  }

  /**
   * Creates a CNI; if the replica died before answering, finds out from another whether it was
   * made, as a client without idempotency keys must.
   */
  private JsonNode createCni(ObjectNode body, String interconnect) throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        return sendOnce(nextReplica(), "POST", cf("/cnis"), body, null);
      } catch (IOException | AssertionError lost) {
        // No answer, or a conflict with a create of ours that a dying replica had committed.
        if (lost instanceof AssertionError
            && (!lost.getMessage().contains(" 409: ") || attempt > 50)) {
          throw lost;
        }
        for (JsonNode cni : send("GET", cf("/cnis"), null, null).path("items")) {
          if (cni.path("interconnect").asText().equals(interconnect)) {
            return cni;
          }
        }
        Thread.sleep(100);
      }
    }
  }

  /** Deletes a CNI; if the replica died before answering, asks another. */
  private void deleteCni(String id) throws Exception {
    while (true) {
      try {
        sendOnce(nextReplica(), "DELETE", cf("/cnis/" + id), null, null);
        return;
      } catch (IOException lost) {
        // Asked again, a replica waits for the delete under way and answers 404 once it is done.
      } catch (AssertionError answered) {
        if (answered.getMessage().contains(" 404: ")) {
          return;
        }
        throw answered;
      }
    }
  }

  private static void acknowledge(
      Map<String, Acknowledged> acknowledged, JsonNode operation, String what) {
    String id = operation.path("id").asText();
    acknowledged.put(id, new Acknowledged(id, what, Instant.now()));
  }

  private void awaitOperation(String id) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (send("GET", "/operations/" + id, null, null).path("done").asBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("operation " + id + " not done in 60 s");
  }

  /** Returns every acknowledged Yandex operation once all are done, by id. */
  private Map<String, JsonNode> awaitDone(Map<String, Acknowledged> acknowledged) throws Exception {
    Map<String, JsonNode> done = new HashMap<>();
    for (Acknowledged ack : acknowledged.values()) {
      if (ack.what().startsWith("cni")) {
        continue;
      }
      awaitOperation(ack.id());
      done.put(ack.id(), send("GET", "/operations/" + ack.id(), null, null));
    }
    return done;
  }

  /** Each replica logs one line per operation it finishes; no operation may appear twice. */
  private void assertNoOperationFinishedTwice(List<Path> dataDirs) throws IOException {
    Map<String, Integer> finishes = new HashMap<>();
    for (Path dataDir : dataDirs) {
      for (String line : Files.readAllLines(dataDir.resolve("server.log"))) {
        Matcher matcher = FINISHED.matcher(line);
        if (matcher.find()) {
          finishes.merge(matcher.group(1), 1, Integer::sum);
        }
      }
    }
    assertThat(finishes).as("operations finished, as the replicas logged them").isNotEmpty();
    assertThat(finishes.entrySet().stream().filter(e -> e.getValue() > 1).toList())
        .as("operations finished more than once")
        .isEmpty();
  }

  private void assertNothingTransitional() throws Exception {
    for (JsonNode connection : connections(0)) {
      assertThat(connection.path("status").asText())
          .as("status of %s", connection.path("id").asText())
          .isEqualTo("ACTIVE");
    }
    for (String trunk : TRUNKS.keySet()) {
      assertThat(
              send("GET", "/cic/v1/trunkConnections/" + trunk, null, null).path("status").asText())
          .isEqualTo("ACTIVE");
    }
  }

  /**
   * Looks in the database itself: after a kill in the middle of deletes, nothing that belongs to a
   * trunk or a connection may be left without it.
   */
  private static void assertNothingOutlivesItsSubject(String database) throws Exception {
    try (Connection db =
            DriverManager.getConnection(database, TestPostgres.USER, TestPostgres.PASSWORD);
        Statement statement = db.createStatement();
        ResultSet orphans =
            statement.executeQuery(
                "SELECT (SELECT count(*) FROM observations o"
                    + "   WHERE NOT EXISTS (SELECT 1 FROM trunks t WHERE t.id = o.subject_id)"
                    + "     AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.id = o.subject_id)),"
                    + " (SELECT count(*) FROM trunk_ports p"
                    + "   WHERE NOT EXISTS (SELECT 1 FROM trunks t WHERE t.id = p.trunk_id)),"
                    + " (SELECT count(*) FROM observations)")) {
      orphans.next();
      assertThat(orphans.getLong(1)).as("observations without their subject").isZero();
      assertThat(orphans.getLong(2)).as("ports of trunks that are gone").isZero();
      assertThat(orphans.getLong(3)).as("observations").isPositive();
    }
  }

  /**
   * Every replica must list the same resources and show the same observed network for each; what
   * the routers report goes on changing for a while, so the comparison is retried until it holds.
   */
  private void assertEveryReplicaAnswersTheSame(List<String> interconnects) throws Exception {
    List<String> differences = List.of();
    for (int attempt = 0; attempt < 20; attempt++) {
      differences = new ArrayList<>();
      JsonNode first = picture(0, interconnects);
      for (int i = 1; i < REPLICAS; i++) {
        JsonNode other = picture(i, interconnects);
        if (!other.equals(first)) {
          differences.add("replica " + i + " differs from replica 0");
        }
      }
      if (differences.isEmpty()) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(differences).as("replicas answering differently").isEmpty();
  }

  /** What replica {@code i} answers about every resource of the tenant and its network. */
  private JsonNode picture(int i, List<String> interconnects) throws Exception {
    JunctionProcess replica = replicas.get(i);
    ObjectNode picture = object();
    List<String> subjects = new ArrayList<>(TRUNKS.keySet());
    for (JsonNode connection : connections(i)) {
      picture.set(connection.path("id").asText(), connection);
      subjects.add(connection.path("id").asText());
    }
    picture.set("cnis", sendOnce(replica, "GET", cf("/cnis"), null, null).path("items"));
    for (JsonNode cni : picture.path("cnis")) {
      subjects.add(cni.path("id").asText());
    }
    for (String icon : interconnects) {
      picture.set(
          icon, sendOnce(replica, "GET", cf("/interconnects/" + icon + "/status"), null, null));
    }
    for (String subject : subjects) {
      ObjectNode network =
          (ObjectNode) sendOnce(replica, "GET", "/junction/v1/network/" + subject, null, null);
      network.withObjectProperty("router").remove("lastHeardAt");
      picture.set("network " + subject, network);
    }
    return picture;
  }

  private List<JsonNode> connections(int i) throws Exception {
    List<JsonNode> all = new ArrayList<>();
    sendOnce(
            replicas.get(i),
            "GET",
            "/cic/v1/privateConnections?folderId=" + FOLDER + "&pageSize=1000",
            null,
            null)
        .path("privateConnections")
        .forEach(all::add);
    return all;
  }

  private void awaitAllRoutersOwned() throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (routerOwners().containsValue("")) {
      assertThat(Instant.now()).as("every router owned in 30 s").isBefore(deadline);
      Thread.sleep(100);
    }
  }

  /** Waits until no router is owned by {@code replica} any more, and returns how long it took. */
  private Duration awaitTakeover(String replica) throws Exception {
    long start = System.nanoTime();
    Instant deadline = Instant.now().plus(OWNER_LEASE.multipliedBy(5));
    while (!routersOf(routerOwners(), replica).isEmpty()) {
      assertThat(Instant.now()).as("routers taken over in 5 leases").isBefore(deadline);
      Thread.sleep(50);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private Map<String, String> routerOwners() throws Exception {
    Map<String, String> owners = new TreeMap<>();
    for (JsonNode router : admin("/admin/v1/routers").path("routers")) {
      owners.put(router.path("router").asText(), router.path("owner").asText());
    }
    return owners;
  }

  private static Set<String> routersOf(Map<String, String> owners, String replica) {
    Set<String> routers = new java.util.TreeSet<>();
    owners.forEach(
        (router, owner) -> {
          if (owner.equals(replica)) {
            routers.add(router);
          }
        });
    return routers;
  }

  /** Returns the replica that drives the most routers: killing it tests the most. */
  private static int busiestReplica(Map<String, String> owners, List<Path> dataDirs)
      throws IOException {
    int busiest = 0;
    int most = -1;
    for (int i = 0; i < dataDirs.size(); i++) {
      int routers = routersOf(owners, replicaName(dataDirs.get(i))).size();
      if (routers > most) {
        most = routers;
        busiest = i;
      }
    }
    assertThat(most).as("routers of the busiest replica").isPositive();
    return busiest;
  }

  private static String replicaName(Path dataDir) throws IOException {
    return JSON.readTree(dataDir.resolve("server.json").toFile()).path("replica").asText();
  }

  private JsonNode admin(String path) throws Exception {
    IOException last = null;
    for (int i = 0; i < REPLICAS; i++) {
      JunctionProcess replica = replicas.get(i);
      if (replica == null) {
        continue;
      }
      try {
        return call(replica, "GET", path, null, null, adminToken);
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IOException("no replica answered " + path, last);
  }

  /**
   * Sends a request to the replicas in turn, moving to the next when one does not answer (a
   * mutation carries its idempotency key, so that the retry is the same request).
   */
  private JsonNode send(String method, String path, ObjectNode body, String idempotencyKey)
      throws Exception {
    IOException last = null;
    for (int attempt = 0; attempt < 3 * REPLICAS; attempt++) {
      JunctionProcess replica = nextReplica();
      if (replica == null) {
        continue;
      }
      try {
        return call(replica, method, path, body, idempotencyKey, token);
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IOException("no replica answered " + method + " " + path, last);
  }

  private JsonNode sendOnce(
      JunctionProcess replica, String method, String path, ObjectNode body, String key)
      throws Exception {
    return call(replica, method, path, body, key, token);
  }

  private JunctionProcess nextReplica() {
    for (int i = 0; i < REPLICAS; i++) {
      JunctionProcess replica = replicas.get(Math.floorMod(turn.getAndIncrement(), REPLICAS));
      if (replica != null) {
        return replica;
      }
    }
    return null;
  }

  private JsonNode call(
      JunctionProcess replica,
      String method,
      String path,
      ObjectNode body,
      String idempotencyKey,
      String credential)
      throws IOException, InterruptedException {
    if (replica == null) {
      throw new IOException("the replica is down");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + credential)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new AssertionError(
          method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return answer.body().isEmpty() ? object() : JSON.readTree(answer.body());
  }

  private static String cf(String path) {
    return "/client/v4/accounts/" + ACCOUNT + "/cni" + path;
  }

  private static ObjectNode object() {
    return JSON.createObjectNode();
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      Thread.sleep(Duration.ofNanos(left));
    }
  }

  /** The default configuration on {@code databaseUrl}, with short leases and the test's trunks. */
  private Path config(String databaseUrl) throws IOException {
    String defaults = Files.readString(Path.of(System.getProperty("junction.default.config")));
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    StringBuilder config =
        new StringBuilder(
            defaults
                .replace("  engine: sqlite", "  engine: postgresql")
                .replaceFirst("(?m)^    url: .*$", "    url: \"" + databaseUrl + "\"")
                .replaceFirst("(?m)^    user: .*$", "    user: " + TestPostgres.USER)
                .replaceFirst("(?m)^    password: .*$", "    password: " + TestPostgres.PASSWORD)
                .replaceFirst(
                    "(?m)^  leaseDuration: .*$", "  leaseDuration: " + LEASE.toSeconds() + "s")
                .replaceFirst(
                    "(?m)^  ownerLease: .*$", "  ownerLease: " + OWNER_LEASE.toSeconds() + "s")
                .replaceFirst("(?m)^    heartbeat: .*$", "    heartbeat: 1s")
                .replaceFirst(
                    "(?m)^    applyDelay: .*$", "    applyDelay: " + APPLY.toMillis() + "ms")
                .replace("trunksPerFolder: 2", "trunksPerFolder: 10")
                .replaceFirst("(?m)^  requestsPerSecond: .*$", "  requestsPerSecond: 100000")
                .replaceFirst("(?m)^  burst: .*$", "  burst: 100000")
                .replace("privateConnectionsPerTrunk: 5", "privateConnectionsPerTrunk: 1000"));
    for (Map.Entry<String, String> trunk : new TreeMap<>(TRUNKS).entrySet()) {
      config
          .append("  - id: ")
          .append(trunk.getKey())
          .append("\n    folderId: ")
          .append(FOLDER)
          .append("\n    ports: [")
          .append(trunk.getValue())
          .append("]\n");
    }
    config
        .append("secrets:\n  current: k1\n  keys:\n    - {id: k1, key: \"")
        .append(Base64.getEncoder().encodeToString(key))
        .append("\"}\n");
    String text = config.toString();
    assertThat(text)
        .contains("engine: postgresql", databaseUrl, "leaseDuration: 3s", "ownerLease: 2s")
        .contains("applyDelay: " + APPLY.toMillis() + "ms")
        .contains("privateConnectionsPerTrunk: 1000");
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(file, text);
    return file;
  }
}
