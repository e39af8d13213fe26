package dev.junction.core.catalogue;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.PortQuery;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import java.util.List;
import java.util.Optional;

/**
 * The use cases on the operator's catalogue: customers read points of presence and partners; the
 * operator loads the whole catalogue from its configuration.
 */
public final class Catalogue {
  /** The provider setting that names the pool of CNI subnets, when the operator changed it. */
  static final String CNI_POOL = "cni.p2pPool";

  private final Store store;
  private final CoreConfig config;

  public Catalogue(Store store, CoreConfig config) {
    this.store = requireNonNull(store, "store");
    this.config = requireNonNull(config, "config");
  }

  /** Returns the pool CNIs take their /31 subnets from: the operator's, or the configuration's. */
  public static Ipv4Prefix cniPool(ReadTx tx, CoreConfig config) {
    return tx.providerSetting(CNI_POOL).flatMap(Ipv4Prefix::parse).orElse(config.p2pPool());
  }

  /** Returns the pool CNIs take their subnets from; for the operator. */
  public Ipv4Prefix cniPool(Caller caller) {
    AccessGuard.operator(caller, "managing pools");
    return store.read(tx -> cniPool(tx, config));
  }

  /**
   * Makes {@code prefix} the pool new CNIs take their /31 from, and returns it. CNIs that hold a
   * subnet of the old pool keep it.
   */
  public Ipv4Prefix setCniPool(Caller caller, String prefix) {
    AccessGuard.operator(caller, "managing pools");
    Ipv4Prefix pool =
        Ipv4Prefix.parse(prefix)
            .orElseThrow(
                () ->
                    ProblemException.invalid(
                        "prefix", "must be an IPv4 prefix such as 169.254.128.0/17"));
    if (pool.hasHostBitsSet()) {
      throw ProblemException.invalid("prefix", "must have its host bits zero (got " + pool + ")");
    }
    if (pool.length() > 31) {
      throw ProblemException.invalid("prefix", "must be /31 or shorter (got " + pool + ")");
    }
    store.write(
        tx -> {
          tx.saveProviderSetting(CNI_POOL, pool.toString());
          return null;
        });
    return pool;
  }

  public PointOfPresence pointOfPresence(String id) {
    return store.read(
        tx ->
            tx.pointOfPresence(id)
                .orElseThrow(() -> ProblemException.notFound("point of presence", id)));
  }

  public Page<PointOfPresence> pointsOfPresence(NameFilter names, PageRequest page) {
    return store.read(tx -> tx.pointsOfPresence(names, page));
  }

  public Partner partner(String id) {
    return store.read(
        tx -> tx.partner(id).orElseThrow(() -> ProblemException.notFound("partner", id)));
  }

  public Page<Partner> partners(NameFilter names, PageRequest page) {
    return store.read(tx -> tx.partners(names, page));
  }

  public Port port(String id) {
    return store.read(tx -> tx.port(id).orElseThrow(() -> ProblemException.notFound("port", id)));
  }

  /** Returns a page of the ports that match {@code query}. */
  public Page<Port> ports(PortQuery query, PageRequest page) {
    return store.read(tx -> tx.ports(query, page));
  }

  /**
   * Whether a port is taken, and by which scope as far as the caller may know.
   *
   * @param holder the scope of the trunk that holds the port, if the caller may read that scope
   */
  public record Occupancy(boolean occupied, Optional<String> holder) {}

  /**
   * Returns whether port {@code portId} is taken, and by which scope only if {@code caller} may
   * read that scope: another tenant's holding shows as occupied without saying whose.
   */
  public Occupancy occupancy(Caller caller, String portId) {
    Optional<String> scope =
        store.read(
            tx -> tx.trunkHoldingPort(portId).flatMap(tx::trunk).map(trunk -> trunk.scope()));
    return new Occupancy(scope.isPresent(), scope.filter(caller.access()::canRead));
  }

  public List<Router> routers() {
    return store.read(tx -> tx.routers());
  }

  /**
   * Writes catalogue items as the operator {@code caller} gives them, inserted or replaced by id,
   * while the server runs.
   */
  public void load(
      Caller caller,
      List<PointOfPresence> pointsOfPresence,
      List<Partner> partners,
      List<Router> routers,
      List<Port> ports) {
    AccessGuard.operator(caller, "managing the catalogue");
    load(pointsOfPresence, partners, routers, ports);
  }

  /**
   * Writes the catalogue as configured: every item is inserted or replaced by id. Items no longer
   * configured are kept, since trunks may still hold them.
   */
  public void load(
      List<PointOfPresence> pointsOfPresence,
      List<Partner> partners,
      List<Router> routers,
      List<Port> ports) {
    store.write(
        tx -> {
          pointsOfPresence.forEach(tx::upsertPointOfPresence);
          partners.forEach(tx::upsertPartner);
          routers.forEach(tx::upsertRouter);
          ports.forEach(tx::upsertPort);
          // A router's header (its identity, announcements) may have changed: its agent looks
          // again. Subjects on a port whose kernel interface changed follow at the next resync.
          java.util.SortedSet<String> touched = new java.util.TreeSet<>();
          routers.forEach(r -> touched.add(r.id()));
          ports.forEach(p -> touched.add(p.routerId()));
          touched.forEach(tx::touchRouter);
          return null;
        });
  }
}
