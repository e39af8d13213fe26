package dev.junction.core.catalogue;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.Page;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.PortQuery;
import dev.junction.core.store.Store;
import java.util.List;
import java.util.Optional;

/**
 * The use cases on the operator's catalogue: customers read points of presence and partners; the
 * operator loads the whole catalogue from its configuration.
 */
public final class Catalogue {
  private final Store store;

  public Catalogue(Store store) {
    this.store = requireNonNull(store, "store");
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

  /** Returns the scope of the trunk that holds port {@code portId}, if one holds it. */
  public Optional<String> holderScope(String portId) {
    return store.read(
        tx -> tx.trunkHoldingPort(portId).flatMap(tx::trunk).map(trunk -> trunk.scope()));
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
          return null;
        });
  }
}
