package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Faults the operator injects into simulated routers: a link down, a session held down, a router
 * that refuses every change. A fault is part of its router's desired state, so the replica that
 * runs the router applies it, and it outlives restarts until it is cleared.
 */
public final class Faults {
  /** The longest reason a fault may carry. */
  public static final int MAX_REASON = 500;

  private final Store store;

  public Faults(Store store) {
    this.store = requireNonNull(store, "store");
  }

  /**
   * Injects a fault of {@code kind} on {@code target} (an interface name, an attachment id or a
   * router id) into the routers it concerns, or into {@code routerId} alone; returns the faults
   * saved.
   */
  public List<NetworkFault> inject(
      Caller caller, FaultKind kind, String target, String reason, Optional<String> routerId) {
    AccessGuard.operator(caller, "injecting network faults");
    if (reason.length() > MAX_REASON) {
      throw ProblemException.invalid(
          "reason", "must be at most " + MAX_REASON + " characters long");
    }
    return store.write(
        tx -> {
          List<NetworkFault> faults = new ArrayList<>();
          for (Map.Entry<String, String> placed : resolve(tx, kind, target, routerId).entrySet()) {
            NetworkFault fault = new NetworkFault(placed.getKey(), kind, placed.getValue(), reason);
            tx.saveFault(fault);
            tx.touchRouter(fault.routerId());
            faults.add(fault);
          }
          return faults;
        });
  }

  /** Clears the faults of {@code kind} on {@code target}; returns those that were cleared. */
  public List<NetworkFault> clear(
      Caller caller, FaultKind kind, String target, Optional<String> routerId) {
    AccessGuard.operator(caller, "clearing network faults");
    return store.write(
        tx -> {
          List<NetworkFault> cleared = new ArrayList<>();
          for (Map.Entry<String, String> placed : resolve(tx, kind, target, routerId).entrySet()) {
            for (NetworkFault fault : tx.faults(placed.getKey())) {
              if (fault.kind() == kind
                  && fault.target().equals(placed.getValue())
                  && tx.deleteFault(fault.routerId(), kind, fault.target())) {
                tx.touchRouter(fault.routerId());
                cleared.add(fault);
              }
            }
          }
          return cleared;
        });
  }

  /** Returns every injected fault. */
  public List<NetworkFault> list(Caller caller) {
    AccessGuard.operator(caller, "reading network faults");
    return store.read(ReadTx::faults);
  }

  /**
   * Returns the routers a fault on {@code target} concerns, each with the target as that router
   * names it (a port's kernel interface for a link given by port name).
   */
  private static Map<String, String> resolve(
      ReadTx tx, FaultKind kind, String target, Optional<String> routerId) {
    if (target.isBlank()) {
      throw ProblemException.invalid(
          "target", "is required: an interface name, an attachment id or a router id");
    }
    if (routerId.isPresent() && tx.router(routerId.get()).isEmpty()) {
      throw ProblemException.invalid("router", "no router " + routerId.get() + " in the catalogue");
    }
    Map<String, String> placed = new LinkedHashMap<>();
    switch (kind) {
      case REFUSAL -> {
        if (tx.router(target).isEmpty()) {
          throw ProblemException.invalid("target", "no router " + target + " in the catalogue");
        }
        placed.put(target, target);
      }
      case SESSION -> {
        String router =
            tx.attachment(target)
                .flatMap(a -> tx.routerOf(a.id()))
                .orElseThrow(
                    () -> ProblemException.invalid("target", "no connection or CNI " + target));
        placed.put(router, target);
      }
      case LINK -> {
        for (Router router : tx.routers()) {
          if (routerId.isPresent() && !routerId.get().equals(router.id())) {
            continue;
          }
          for (Port port : tx.portsAt(router.popId())) {
            if (port.routerId().equals(router.id())
                && (port.name().equals(target) || port.kernelInterface().equals(target))) {
              placed.put(router.id(), port.kernelInterface());
            }
          }
          for (Trunk trunk : tx.trunksOnRouter(router.id())) {
            if (trunk.joint() instanceof Joint.Lag
                && DesiredState.bundleName(trunk.id()).equals(target)) {
              placed.put(router.id(), target);
            }
          }
        }
        if (placed.isEmpty()) {
          throw ProblemException.invalid(
              "target",
              "no port or LAG "
                  + routerId.map(r -> "of router " + r + " ").orElse("")
                  + "has the interface "
                  + target);
        }
      }
    }
    return placed;
  }
}
