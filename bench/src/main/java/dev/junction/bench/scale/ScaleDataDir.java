package dev.junction.bench.scale;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.core.UseCases;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentDraft;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.PeeringDraft;
import dev.junction.core.attachment.Routing;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Port;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.VlanId;
import dev.junction.core.network.Placement;
import dev.junction.core.operation.Ids;
import dev.junction.core.operation.Signals;
import dev.junction.core.problem.Violations;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.WriteTx;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import dev.junction.server.SecretKeys;
import dev.junction.server.config.JunctionConfig;
import dev.junction.store.JdbcStore;
import dev.junction.store.PostgresStore;
import dev.junction.store.SecretCipher;
import dev.junction.store.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A data directory whose SQLite store already holds {@code n} ACTIVE private connections, spread
 * over trunks of up to {@value #PER_TRUNK} VLANs (2-4000) each, the trunks spread round-robin over
 * a few routers, with a configuration file that lists those routers and one port per trunk.
 *
 * <p>It is written through the server's own code, as the server would have written it: the
 * configuration is read by {@link JunctionConfig}, the catalogue loaded by the catalogue use case,
 * the key ring is {@link SecretKeys}' (so {@code <dir>/secret-keys} is made as on a first start),
 * trunks are placed by {@link Placement} and inserted with {@link WriteTx#insertTrunk}, and each
 * connection is validated as a create validates it and inserted with {@link
 * WriteTx#insertAttachment}, which advances its router's sequence and seals its MD5 key. Only the
 * history a create leaves behind is not written (its operation and audit record), nor any
 * observation: the server's agents apply everything and report it when it starts.
 *
 * <p>Every router also gets empty trunks ({@value #EMPTY_TRUNKS_PER_ROUTER} unless asked for more),
 * each in a folder of its own, which the measured creates go to, so that a create lands on a loaded
 * router but never finds its trunk full.
 */
public final class ScaleDataDir {
  static final int PER_TRUNK = VlanId.MAX - VlanId.MIN + 1;
  public static final int EMPTY_TRUNKS_PER_ROUTER = 2;
  public static final String CONFIG = "junction.yaml";
  static final String DATABASE = "junction.db";
  private static final String LAYOUT = "layout.json";
  private static final String RECIPE = "scale-creates/1";
  private static final int ROWS_PER_TRANSACTION = 20_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One of the empty trunks that the measured creates go to. */
  public record EmptyTrunk(String id, String folder, String routerId) {
    public EmptyTrunk {
      requireNonNull(id, "id");
      requireNonNull(folder, "folder");
      requireNonNull(routerId, "routerId");
    }
  }

  private final Path dir;
  private final int connections;
  private final List<EmptyTrunk> emptyTrunks;

  private ScaleDataDir(Path dir, int connections, List<EmptyTrunk> emptyTrunks) {
    this.dir = dir;
    this.connections = connections;
    this.emptyTrunks = List.copyOf(emptyTrunks);
  }

  /** Returns the directory: the configuration, the key ring and the database. */
  public Path dir() {
    return dir;
  }

  /** Returns how many private connections the store holds. */
  public int connections() {
    return connections;
  }

  public List<EmptyTrunk> emptyTrunks() {
    return emptyTrunks;
  }

  /**
   * Returns the data directory {@code dir} holding {@code n} connections over {@code routers}
   * routers: the one already there if an earlier run made it with the same recipe (unless {@code
   * fresh}), else a new one.
   */
  public static ScaleDataDir prepare(Path dir, int n, int routers, boolean fresh)
      throws IOException {
    return prepare(dir, n, routers, EMPTY_TRUNKS_PER_ROUTER, fresh);
  }

  /**
   * Returns the data directory {@code dir} holding {@code n} connections over {@code routers}
   * routers, each with {@code emptyPerRouter} empty trunks: the one already there if an earlier run
   * made it with the same recipe (unless {@code fresh}), else a new one.
   */
  public static ScaleDataDir prepare(
      Path dir, int n, int routers, int emptyPerRouter, boolean fresh) throws IOException {
    // The schema's version too: a store made before a migration would be migrated by the first
    // server that opens it, inside the time to ready that P6 measures.
    String recipe =
        RECIPE
            + " schema="
            + SqliteStore.schemaVersion()
            + " n="
            + n
            + " routers="
            + routers
            + (emptyPerRouter == EMPTY_TRUNKS_PER_ROUTER ? "" : " empty=" + emptyPerRouter);
    Path layout = dir.resolve(LAYOUT);
    if (!fresh && Files.exists(layout)) {
      JsonNode read = JSON.readTree(layout.toFile());
      if (read.path("recipe").asText().equals(recipe)) {
        List<EmptyTrunk> empty = new ArrayList<>();
        for (JsonNode trunk : read.path("emptyTrunks")) {
          empty.add(
              new EmptyTrunk(
                  trunk.path("id").asText(),
                  trunk.path("folder").asText(),
                  trunk.path("router").asText()));
        }
        Report.line("N=%,d: reusing the data prepared earlier in %s", n, dir);
        return new ScaleDataDir(dir, n, empty);
      }
    }
    deleteTree(dir);
    Files.createDirectories(dir);
    long started = System.nanoTime();
    Layout planned = Layout.of(n, routers, emptyPerRouter);
    Files.writeString(dir.resolve(CONFIG), planned.config(), StandardCharsets.UTF_8);
    List<EmptyTrunk> empty =
        load(dir, planned, cipher -> SqliteStore.open(dir.resolve(DATABASE), cipher));
    ObjectNode written = JSON.createObjectNode().put("recipe", recipe);
    ArrayNode trunks = written.putArray("emptyTrunks");
    for (EmptyTrunk trunk : empty) {
      trunks
          .addObject()
          .put("id", trunk.id())
          .put("folder", trunk.folder())
          .put("router", trunk.routerId());
    }
    // Written last: a directory without it was not finished and is made again.
    JSON.writerWithDefaultPrettyPrinter().writeValue(layout.toFile(), written);
    Report.line(
        "N=%,d: prepared %s in %.1f s (%d trunks over %d routers, database %,d MiB)",
        n,
        dir,
        (System.nanoTime() - started) / 1e9,
        planned.trunks().size(),
        routers,
        Files.size(dir.resolve(DATABASE)) >> 20);
    return new ScaleDataDir(dir, n, empty);
  }

  /** Copies the configuration, key ring and database into {@code target}, a new data directory. */
  public Path copyTo(Path target) throws IOException {
    deleteTree(target);
    Files.createDirectories(target);
    for (String name : List.of(CONFIG, DATABASE, "secret-keys")) {
      Files.copy(dir.resolve(name), target.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
    }
    return target;
  }

  /**
   * Writes a data directory for a server on PostgreSQL: the configuration (this layout's, with the
   * {@code store} section given, in YAML), the key ring, and {@code n} connections and the empty
   * trunks into the database at {@code url}, which must be empty.
   */
  public static ScaleDataDir preparePostgres(
      Path dir,
      int n,
      int routers,
      int emptyPerRouter,
      String storeYaml,
      String url,
      String user,
      String password)
      throws IOException {
    deleteTree(dir);
    Files.createDirectories(dir);
    Layout planned = Layout.of(n, routers, emptyPerRouter);
    Files.writeString(dir.resolve(CONFIG), planned.config() + storeYaml, StandardCharsets.UTF_8);
    List<EmptyTrunk> empty =
        load(dir, planned, cipher -> PostgresStore.open(url, user, password, cipher));
    return new ScaleDataDir(dir, n, empty);
  }

  /** Writes the catalogue, the trunks and the connections through the server's code. */
  private static List<EmptyTrunk> load(
      Path dir, Layout planned, java.util.function.Function<SecretCipher, JdbcStore> open) {
    JunctionConfig config = JunctionConfig.read(dir.resolve(CONFIG));
    SecretCipher cipher;
    try {
      cipher = SecretKeys.load(config.secrets(), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    InstantSource clock = InstantSource.system();
    Ids ids = Ids.random();
    try (JdbcStore store = open.apply(cipher)) {
      UseCases useCases = UseCases.over(store, clock, ids, config.core(), Signals.none());
      useCases
          .catalogue()
          .load(
              config.catalogue().pointsOfPresence(),
              config.catalogue().partners(),
              config.catalogue().routers(),
              config.catalogue().ports());
      Map<String, Port> ports =
          config.catalogue().ports().stream()
              .collect(java.util.stream.Collectors.toMap(Port::id, p -> p));
      Instant now = clock.instant();
      List<Trunk> trunks = new ArrayList<>();
      List<EmptyTrunk> empty = new ArrayList<>();
      for (Layout.PlannedTrunk plan : planned.trunks()) {
        Port port = ports.get(plan.portId());
        Trunk trunk =
            new Trunk(
                ids.next("cft"),
                plan.folder(),
                plan.name(),
                "",
                Labels.EMPTY,
                port.popId(),
                new Joint.SinglePort(port.id(), port.transceiver()),
                Bandwidth.gbps(10),
                false,
                ResourceStatus.ACTIVE,
                now,
                1);
        trunks.add(trunk);
        if (plan.connections() == 0) {
          empty.add(new EmptyTrunk(trunk.id(), plan.folder(), port.routerId()));
        }
      }
      store.write(
          tx -> {
            for (Trunk trunk : trunks) {
              tx.insertTrunk(trunk, Placement.routerFor(tx, trunk.popId(), trunk.joint()));
            }
            return null;
          });

      CoreConfig core = config.core();
      List<Attachment> batch = new ArrayList<>(ROWS_PER_TRANSACTION);
      int written = 0;
      int index = 0;
      long started = System.nanoTime();
      for (int t = 0; t < trunks.size(); t++) {
        Layout.PlannedTrunk plan = planned.trunks().get(t);
        for (int c = 0; c < plan.connections(); c++) {
          batch.add(connection(ids, core, trunks.get(t), VlanId.MIN + c, index++, now));
          if (batch.size() == ROWS_PER_TRANSACTION) {
            insert(store, batch);
            written += batch.size();
            batch.clear();
            if (written % 100_000 == 0) {
              Report.progress(
                  "  %,d of %,d connections written (%.0f/s)",
                  written, planned.connections(), written / ((System.nanoTime() - started) / 1e9));
            }
          }
        }
      }
      insert(store, batch);
      return empty;
    }
  }

  private static void insert(JdbcStore store, List<Attachment> batch) {
    if (batch.isEmpty()) {
      return;
    }
    store.write(
        tx -> {
          batch.forEach(tx::insertAttachment);
          return null;
        });
  }

  /**
   * Returns connection {@code index} on {@code trunk} with VLAN {@code vlan}, validated as a create
   * validates it: peering subnet the {@code index}-th /30 of 10.0.0.0/8, customer AS 4200000000 +
   * {@code index}, an MD5 key of its own, ACTIVE at revision 1 as a finished create leaves it.
   */
  private static Attachment connection(
      Ids ids, CoreConfig core, Trunk trunk, int vlan, int index, Instant now) {
    Ipv4Address network = Ipv4Address.of("10.0.0.0").plus(4L * index);
    String name = String.format(Locale.ROOT, "pc-%07d", index);
    AttachmentDraft draft =
        new AttachmentDraft(
            trunk.scope(),
            name,
            "",
            Map.of(),
            trunk.id(),
            Optional.of((long) vlan),
            Optional.of(
                new PeeringDraft(
                    network + "/30",
                    network.plus(1).toString(),
                    network.plus(2).toString(),
                    4_200_000_000L + index,
                    "scale-key-" + index)),
            List.of(),
            List.of(),
            List.of());
    Violations violations = new Violations();
    AttachmentDraft.Valid valid =
        draft
            .validate(
                AttachmentKind.PRIVATE,
                core.cloudAsn(),
                core.quotas().staticRoutesPerAttachment(),
                violations)
            .orElseThrow(
                () -> new IllegalStateException("connection " + index + ": " + violations.list()));
    return new Attachment(
        ids.next("cpc"),
        AttachmentKind.PRIVATE,
        trunk.scope(),
        name,
        "",
        valid.labels(),
        trunk.id(),
        valid.vlan(),
        valid.peering(),
        valid.staticRoutes(),
        valid.publicAccess(),
        Routing.defaults(AttachmentKind.PRIVATE),
        ResourceStatus.ACTIVE,
        now,
        1);
  }

  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /**
   * What to write: the routers (one point of presence each), the trunks with how many connections
   * each carries, and the configuration that lists them.
   */
  record Layout(int routers, List<PlannedTrunk> trunks) {
    /** A trunk on one port of its own, in a folder of its own. */
    record PlannedTrunk(String name, String folder, String portId, int router, int connections) {}

    /**
     * Returns {@code n} connections over as few trunks as hold them (at least one per router), and
     * the empty trunks, every trunk on the next router in turn.
     */
    static Layout of(int n, int routers, int emptyPerRouter) {
      int loaded = Math.max(routers, (n + PER_TRUNK - 1) / PER_TRUNK);
      List<PlannedTrunk> trunks = new ArrayList<>();
      int left = n;
      for (int t = 0; t < loaded; t++) {
        int share = left / (loaded - t);
        trunks.add(trunk(t, t % routers, share));
        left -= share;
      }
      for (int e = 0; e < routers * emptyPerRouter; e++) {
        int t = loaded + e;
        trunks.add(trunk(t, e % routers, 0));
      }
      return new Layout(routers, trunks);
    }

    private static PlannedTrunk trunk(int t, int router, int connections) {
      return new PlannedTrunk(
          String.format(Locale.ROOT, "trunk-%04d", t),
          String.format(Locale.ROOT, "scale-folder-%04d", t),
          portId(t),
          router,
          connections);
    }

    private static String portId(int t) {
      return UUID.nameUUIDFromBytes(("scale-port-" + t).getBytes(StandardCharsets.UTF_8))
          .toString();
    }

    int connections() {
      return trunks.stream().mapToInt(PlannedTrunk::connections).sum();
    }

    /**
     * Returns the configuration: the defaults, but the catalogue (these routers and ports) and a
     * quota that lets a trunk carry a connection on every VLAN.
     */
    String config() {
      StringBuilder yaml = new StringBuilder();
      yaml.append("# Written by the scale-creates benchmark (bench/scale-creates.sh).\n");
      yaml.append("quotas:\n");
      yaml.append("  privateConnectionsPerTrunk: ").append(PER_TRUNK).append('\n');
      yaml.append("catalogue:\n");
      yaml.append("  pointsOfPresence:\n");
      for (int r = 0; r < routers; r++) {
        yaml.append(
            String.format(
                Locale.ROOT, "    - {id: pop%02d, name: Scale PoP %d, site: pop%02d}\n", r, r, r));
      }
      yaml.append("  routers:\n");
      for (int r = 0; r < routers; r++) {
        yaml.append(
            String.format(
                Locale.ROOT,
                "    - {id: %s, pointOfPresence: pop%02d, name: ccr-scale-%d, routerId: 10.255.%d.1}\n",
                routerId(r),
                r,
                r,
                r));
      }
      yaml.append("  ports:\n");
      int[] perRouter = new int[routers];
      for (PlannedTrunk trunk : trunks) {
        int n = perRouter[trunk.router()]++;
        yaml.append(
            String.format(
                Locale.ROOT,
                "    - {id: %s, router: %s, name: et-0/%d/%d, speed: 10G,"
                    + " transceiver: 10GBASE-LR}\n",
                trunk.portId(),
                routerId(trunk.router()),
                n / 48,
                n % 48));
      }
      return yaml.toString();
    }

    static String routerId(int r) {
      return String.format(Locale.ROOT, "edge-scale-%02d", r);
    }
  }
}
