package dev.junction.core.network;

import dev.junction.core.catalogue.Router;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.ReadTx;
import dev.junction.core.trunk.Joint;
import java.util.Optional;

/**
 * Decides which router carries a trunk, and so every attachment on it: the router of the trunk's
 * ports, or, for a partner's joint, which holds no port, the first router (by id) of its point of
 * presence. A trunk stays on the router it was placed on.
 */
public final class Placement {
  private Placement() {}

  /**
   * Returns the router that carries a trunk with {@code joint} at point of presence {@code popId}.
   *
   * @throws ProblemException (failed precondition) if no router there can carry it
   */
  public static String routerFor(ReadTx tx, String popId, Joint joint) {
    for (String portId : joint.portIds()) {
      Optional<String> router = tx.port(portId).map(p -> p.routerId());
      if (router.isPresent()) {
        return router.get();
      }
    }
    return tx.routers().stream()
        .filter(r -> r.popId().equals(popId))
        .map(Router::id)
        .findFirst()
        .orElseThrow(
            () ->
                ProblemException.failedPrecondition(
                    "no router at point of presence " + popId + " can carry the trunk"));
  }
}
