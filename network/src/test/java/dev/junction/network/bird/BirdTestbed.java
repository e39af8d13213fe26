package dev.junction.network.bird;

import dev.junction.core.network.RouterHeader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An edge router driven by {@link BirdDriver} and its customers, in a {@link NetnsLab}: namespace
 * {@code <lab>e} runs the edge BIRD on the driver's directory, namespace {@code <lab>c} the
 * customers' BIRD, and a veth joins them ({@code <lab>a} at the edge is the trunk's port, {@code
 * <lab>b} the customers' end). Sub-interfaces are macvlans, connect delay is 1 s, connect retry 2
 * s, error wait 1 s.
 *
 * <p>Public for the tests of other packages (the agent's) that need a real BIRD router: they reach
 * it through the public methods only.
 */
public final class BirdTestbed implements AutoCloseable {
  static final BirdSettings SETTINGS =
      BirdSettings.defaults()
          .withTimers(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1))
          .withHoldTime(Duration.ofSeconds(6));

  final NetnsLab lab;
  final RouterHeader header;
  final String edge;
  final String customerNamespace;
  final String edgeTrunk;
  final String customerTrunk;
  final Path configDir;
  final Path edgeSocket;
  final CustomerBird customer;
  final BirdControl edgeControl;
  private BirdDriver driver;

  private BirdTestbed(
      NetnsLab lab,
      RouterHeader header,
      String edge,
      String customerNamespace,
      List<String> veth,
      Path configDir,
      Path edgeSocket,
      CustomerBird customer,
      BirdDriver driver) {
    this.lab = lab;
    this.header = header;
    this.edge = edge;
    this.customerNamespace = customerNamespace;
    this.edgeTrunk = veth.get(0);
    this.customerTrunk = veth.get(1);
    this.configDir = configDir;
    this.edgeSocket = edgeSocket;
    this.customer = customer;
    this.edgeControl = new BirdControl(edgeSocket, Duration.ofSeconds(10));
    this.driver = driver;
  }

  /**
   * Opens a testbed under {@code dir} whose edge router runs {@code header}. A machine without
   * root, {@code bird}, {@code birdc} or {@code ip} skips the calling test with what to install,
   * and fails it when {@code CI=true} ({@link LabRequirements}).
   */
  public static BirdTestbed open(Path dir, RouterHeader header) throws IOException {
    NetnsLab lab = NetnsLab.open(dir);
    try {
      String edge = lab.namespace("e");
      String customers = lab.namespace("c");
      List<String> veth = lab.veth(edge, customers);
      Path configDir = dir.resolve("edge-config");
      Path edgeHome = dir.resolve("edge");
      Path socket = edgeHome.resolve("bird.ctl");
      BirdDriver driver = newDriver(configDir, socket, edge, edgeHome);
      driver.prepare(header);
      lab.startBird(edge, configDir.resolve(BirdRenderer.MAIN_FILE), edgeHome);
      CustomerBird customer =
          CustomerBird.start(lab, customers, veth.get(1), dir.resolve("customers"));
      return new BirdTestbed(
          lab, header, edge, customers, veth, configDir, socket, customer, driver);
    } catch (IOException | RuntimeException e) {
      try {
        lab.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static BirdDriver newDriver(Path configDir, Path socket, String namespace, Path home) {
    return BirdDriver.builder(configDir, socket)
        .namespace(namespace)
        .linkLayer(LinkLayer.macvlan())
        .settings(SETTINGS.withLog(home.resolve("bird.log").toString()))
        .build();
  }

  /** Returns the driver in use. */
  public BirdDriver driver() {
    return driver;
  }

  /** Returns the edge's end of the veth: the kernel interface of the trunk's port. */
  public String edgePort() {
    return edgeTrunk;
  }

  /** Returns the names of the protocols the edge's BIRD runs, as {@code show protocols} lists. */
  public Set<String> edgeProtocols() throws IOException {
    Set<String> names = new HashSet<>();
    for (ProtocolStatus status : ProtocolStatus.parse(edgeControl.send("show protocols"))) {
      names.add(status.name());
    }
    return names;
  }

  /** Returns the names of the edge's kernel interfaces. */
  public Set<String> edgeLinks() throws IOException {
    return KernelLink.parseAll(lab.ip(edge, "-j", "-d", "address", "show")).keySet();
  }

  /** Returns the name of the BGP protocol the driver gives attachment {@code attachmentId}. */
  public static String bgpProtocol(String attachmentId) {
    return SubjectKey.of(attachmentId).bgpProtocol();
  }

  /** Returns the name of the sub-interface the driver makes for VLAN {@code vlan} on the port. */
  public String subInterface(int vlan) {
    return KernelNames.subInterface(edgeTrunk, vlan);
  }

  /** Closes the driver in use and returns a new one on the same router, as after a restart. */
  BirdDriver restart() {
    driver.close();
    driver = newDriver(configDir, edgeSocket, edge, lab.dir().resolve("edge"));
    return driver;
  }

  /**
   * Copies the edge's and the customers' BIRD logs to {@code target/bird-logs/<lab id>}, for a test
   * that failed to be read after the lab is gone.
   */
  void keepLogs() {
    Path into = Path.of("target", "bird-logs", lab.id());
    try {
      java.nio.file.Files.createDirectories(into);
      for (String who : List.of("edge", "customers")) {
        Path log = lab.dir().resolve(who).resolve("bird.log");
        if (java.nio.file.Files.exists(log)) {
          java.nio.file.Files.copy(
              log, into.resolve(who + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      // Logs are a courtesy; the lab still closes.
    }
  }

  /**
   * Closes the driver and the customers' client, and removes the lab, even if one of them fails.
   */
  @Override
  public void close() throws IOException {
    keepLogs();
    try {
      driver.close();
      edgeControl.close();
      customer.close();
    } finally {
      lab.close();
    }
  }
}
