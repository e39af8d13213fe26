package dev.junction.server.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.trunk.Trunk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The whole configuration of a Junction server, as read from the operator's YAML file. Every
 * setting has a default; {@code config/junction.yaml} in the repository documents them all. Each
 * section is read by the settings type it makes ({@link ServerSettings}, {@link StoreSettings},
 * {@link NetworkSettings}, {@link CatalogueSettings}, ...).
 *
 * @param demoTrunks trunks that exist from the first start, so the API can be tried at once
 */
public record JunctionConfig(
    ServerSettings server,
    StoreSettings store,
    NetworkSettings network,
    WorkerSettings worker,
    CoreConfig core,
    CniSettings cni,
    String providerName,
    CatalogueSettings catalogue,
    List<Trunk> demoTrunks,
    SecretsSettings secrets,
    LimitsSettings limits,
    AccessSettings access,
    ObservabilitySettings observability) {
  public JunctionConfig {
    requireNonNull(server, "server");
    requireNonNull(store, "store");
    requireNonNull(network, "network");
    requireNonNull(worker, "worker");
    requireNonNull(core, "core");
    requireNonNull(cni, "cni");
    requireNonNull(providerName, "providerName");
    requireNonNull(catalogue, "catalogue");
    demoTrunks = List.copyOf(demoTrunks);
    requireNonNull(secrets, "secrets");
    requireNonNull(limits, "limits");
    requireNonNull(access, "access");
    requireNonNull(observability, "observability");
  }

  /** Returns this configuration listening on {@code httpPort} and {@code grpcPort}. */
  public JunctionConfig withPorts(int httpPort, int grpcPort) {
    return new JunctionConfig(
        server.withPorts(httpPort, grpcPort),
        store,
        network,
        worker,
        core,
        cni,
        providerName,
        catalogue,
        demoTrunks,
        secrets,
        limits,
        access,
        observability);
  }

  /** Returns this configuration with the server settings {@code newServer}. */
  public JunctionConfig withServer(ServerSettings newServer) {
    return new JunctionConfig(
        newServer,
        store,
        network,
        worker,
        core,
        cni,
        providerName,
        catalogue,
        demoTrunks,
        secrets,
        limits,
        access,
        observability);
  }

  /**
   * Returns this configuration keeping its state in {@code newStore}, sealed with {@code
   * newSecrets}.
   */
  public JunctionConfig withStore(StoreSettings newStore, SecretsSettings newSecrets) {
    return new JunctionConfig(
        server,
        newStore,
        network,
        worker,
        core,
        cni,
        providerName,
        catalogue,
        demoTrunks,
        newSecrets,
        limits,
        access,
        observability);
  }

  /** Returns this configuration with the core settings {@code newCore}. */
  public JunctionConfig withCore(CoreConfig newCore) {
    return new JunctionConfig(
        server,
        store,
        network,
        worker,
        newCore,
        cni,
        providerName,
        catalogue,
        demoTrunks,
        secrets,
        limits,
        access,
        observability);
  }

  /** Returns this configuration with the limits {@code newLimits}. */
  public JunctionConfig withLimits(LimitsSettings newLimits) {
    return new JunctionConfig(
        server,
        store,
        network,
        worker,
        core,
        cni,
        providerName,
        catalogue,
        demoTrunks,
        secrets,
        newLimits,
        access,
        observability);
  }

  /** Returns this configuration with the access settings {@code newAccess}. */
  public JunctionConfig withAccess(AccessSettings newAccess) {
    return new JunctionConfig(
        server,
        store,
        network,
        worker,
        core,
        cni,
        providerName,
        catalogue,
        demoTrunks,
        secrets,
        limits,
        newAccess,
        observability);
  }

  /** Returns this configuration with the network settings {@code newNetwork}. */
  public JunctionConfig withNetwork(NetworkSettings newNetwork) {
    return new JunctionConfig(
        server,
        store,
        newNetwork,
        worker,
        core,
        cni,
        providerName,
        catalogue,
        demoTrunks,
        secrets,
        limits,
        access,
        observability);
  }

  /** Returns this configuration with the worker and admission settings {@code newWorker}. */
  public JunctionConfig withWorker(WorkerSettings newWorker) {
    return new JunctionConfig(
        server,
        store,
        network,
        newWorker,
        core,
        cni,
        providerName,
        catalogue,
        demoTrunks,
        secrets,
        limits,
        access,
        observability);
  }

  /** Returns this configuration with the CNI settings {@code newCni}. */
  public JunctionConfig withCni(CniSettings newCni) {
    return new JunctionConfig(
        server,
        store,
        network,
        worker,
        core,
        newCni,
        providerName,
        catalogue,
        demoTrunks,
        secrets,
        limits,
        access,
        observability);
  }

  /** Returns this configuration with the observability settings {@code newObservability}. */
  public JunctionConfig withObservability(ObservabilitySettings newObservability) {
    return new JunctionConfig(
        server,
        store,
        network,
        worker,
        core,
        cni,
        providerName,
        catalogue,
        demoTrunks,
        secrets,
        limits,
        access,
        newObservability);
  }

  /** Reads the configuration file at {@code file}. */
  public static JunctionConfig read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new ConfigException("cannot read the configuration " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the default configuration that ships inside the server. */
  public static JunctionConfig defaults() {
    try (InputStream in = JunctionConfig.class.getResourceAsStream("/junction.yaml")) {
      if (in == null) {
        throw new ConfigException("the built-in default configuration is missing");
      }
      return parse(in, "the built-in default configuration");
    } catch (IOException e) {
      throw new ConfigException("cannot read the built-in default configuration", e);
    }
  }

  static JunctionConfig parse(InputStream in, String source) {
    JsonNode tree;
    try {
      tree = new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new ConfigException(source + " is not valid YAML: " + e.getMessage(), e);
    }
    ConfigNode root = new ConfigNode(tree == null ? MissingNode.getInstance() : tree, "");
    JunctionConfig config = read(root);
    root.rejectUnknown();
    return config;
  }

  private static JunctionConfig read(ConfigNode root) {
    ServerSettings server = ServerSettings.read(root.child("server"));
    StoreSettings store = StoreSettings.read(root.child("store"));
    NetworkSettings network = NetworkSettings.read(root.child("network"));
    CoreSettings.Read core = CoreSettings.read(root, network.agentSilence());

    ConfigNode provider = root.child("provider");
    String providerName = provider.string("name", "Junction Example Networks");
    provider.rejectUnknown();

    ConfigNode catalogueNode = root.child("catalogue");
    CatalogueSettings catalogue = CatalogueSettings.read(catalogueNode, Set.of(), List.of());
    catalogueNode.rejectUnknown();
    String gcpPartner = core.cni().gcpPartner();
    if (catalogue.partners().stream().noneMatch(p -> p.id().equals(gcpPartner))
        && !catalogue.partners().isEmpty()) {
      throw new ConfigException("cni.gcpPartner: no partner " + gcpPartner + " in the catalogue");
    }
    for (String routerId : network.routers().keySet()) {
      if (catalogue.routers().stream().noneMatch(r -> r.id().equals(routerId))) {
        throw new ConfigException(
            "network.routers: router " + routerId + " is not in the catalogue");
      }
    }
    List<Trunk> demoTrunks =
        root.list("demoTrunks", node -> CatalogueSettings.demoTrunk(node, catalogue));
    SecretsSettings secrets = SecretsSettings.read(root.child("secrets"), store);
    LimitsSettings limits = LimitsSettings.read(root.child("limits"));
    AccessSettings access = AccessSettings.read(root.child("access"));
    ObservabilitySettings observability = ObservabilitySettings.read(root.child("observability"));
    return new JunctionConfig(
        server,
        store,
        network,
        core.worker(),
        core.core(),
        core.cni(),
        providerName,
        catalogue,
        demoTrunks,
        secrets,
        limits,
        access,
        observability);
  }
}
