package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.attachment.Attachment;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.operation.Signals;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.trunk.Trunk;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The network's view of the store: what each router should run, derived afresh on every call, and
 * where the reconciler records what it observed. Partner trunks, which hold no port, are served by
 * the first router (by id) of their point of presence.
 */
public final class DesiredState {
  private final Store store;
  private final InstantSource clock;
  private final Signals signals;

  public DesiredState(Store store, InstantSource clock, Signals signals) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.signals = requireNonNull(signals, "signals");
  }

  /** Returns every router of the catalogue, ordered by id. */
  public List<Router> routers() {
    return store.read(ReadTx::routers);
  }

  /** Returns what router {@code routerId} should run now. */
  public RouterIntent intentFor(String routerId) {
    return store.read(
        tx -> {
          Router router =
              tx.router(routerId).orElseThrow(() -> ProblemException.notFound("router", routerId));
          List<Trunk> trunks = new ArrayList<>(tx.trunksOnRouter(routerId));
          boolean servesPartners =
              tx.routers().stream()
                  .filter(r -> r.popId().equals(router.popId()))
                  .findFirst()
                  .map(first -> first.id().equals(routerId))
                  .orElse(false);
          if (servesPartners) {
            trunks.addAll(tx.portlessTrunksAt(router.popId()));
          }
          Map<String, Port> ports = new HashMap<>();
          for (Trunk trunk : trunks) {
            for (String portId : trunk.joint().portIds()) {
              tx.port(portId).ifPresent(port -> ports.put(portId, port));
            }
          }
          List<Attachment> attachments =
              tx.attachmentsOnTrunks(trunks.stream().map(Trunk::id).toList());
          return RouterIntent.derive(router, trunks, ports, attachments);
        });
  }

  /** Returns the last observation of a trunk or attachment, if the network reported one. */
  public Optional<Observation> observation(String subjectId) {
    return store.read(tx -> tx.observation(subjectId));
  }

  /**
   * Records what a reconcile pass observed and, if anything changed, tells the operation workers,
   * which wait on it. Revisions only move forward; conditions keep their transition time unless
   * they flip.
   */
  public void record(List<ObservationUpdate> updates) {
    if (updates.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    boolean changed =
        store.write(
            tx -> {
              boolean any = false;
              for (ObservationUpdate update : updates) {
                Observation existing =
                    tx.observation(update.subjectId())
                        .orElseGet(() -> Observation.none(update.subjectId(), now));
                List<Condition> conditions = existing.conditions();
                for (Condition condition : update.conditions()) {
                  conditions = Condition.merge(conditions, condition);
                }
                boolean refusedNow = update.refusedRevision() > existing.failedRevision();
                Observation observed =
                    new Observation(
                        update.subjectId(),
                        Math.max(existing.appliedRevision(), update.appliedRevision()),
                        Math.max(existing.failedRevision(), update.refusedRevision()),
                        refusedNow ? update.refusal() : existing.failure(),
                        conditions,
                        update.prefixesReceived(),
                        existing.observedAt());
                if (!observed.equals(existing) || tx.observation(update.subjectId()).isEmpty()) {
                  tx.saveObservation(
                      new Observation(
                          observed.subjectId(),
                          observed.appliedRevision(),
                          observed.failedRevision(),
                          observed.failure(),
                          observed.conditions(),
                          observed.prefixesReceived(),
                          now));
                  any = true;
                }
              }
              return any;
            });
    if (changed) {
      signals.operationsChanged();
    }
  }
}
