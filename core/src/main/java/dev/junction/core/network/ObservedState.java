package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.operation.Signals;
import dev.junction.core.store.LeaseLost;
import dev.junction.core.store.Store;
import dev.junction.core.store.WriteTx;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who drives each router, and what its owner reports. Each router has one owner at a time: its
 * {@code junction agent}, or the in-process agent of one replica, holding a lease. Every owner gets
 * a new epoch when it takes the router over, and a report from an earlier epoch is refused, so a
 * replaced owner can never write. Within an epoch, reports are ordered, and a late report never
 * replaces a newer observation.
 */
public final class ObservedState {
  private final Store store;
  private final InstantSource clock;
  private final Signals signals;

  public ObservedState(Store store, InstantSource clock, Signals signals) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.signals = requireNonNull(signals, "signals");
  }

  /**
   * Makes {@code owner} the owner of router {@code routerId} for {@code lease}, if the router is
   * free or its owner's lease has expired, or at once if {@code takeOver}; returns the new epoch,
   * or empty if another owner holds the router.
   */
  public OptionalLong claim(String routerId, String owner, Duration lease, boolean takeOver) {
    Instant now = clock.instant();
    return store.write(
        tx -> {
          DesiredState.header(tx, routerId);
          Optional<String> before = tx.routerStatus(routerId).flatMap(RouterStatus::owner);
          OptionalLong epoch = tx.claimRouter(routerId, owner, now, now.plus(lease), takeOver);
          if (epoch.isPresent() && !before.equals(Optional.of(owner))) {
            tx.appendNetworkEvent(
                new NetworkEvent(
                    routerId,
                    now,
                    EventKind.OWNER_CHANGED,
                    RouterHeader.SUBJECT_ID,
                    owner
                        + " took the router over (epoch "
                        + epoch.getAsLong()
                        + before.map(b -> ", from " + b).orElse("")
                        + ")"));
          }
          return epoch;
        });
  }

  /**
   * Extends {@code owner}'s lease; returns false if it no longer holds the router at {@code epoch}.
   */
  public boolean renew(String routerId, String owner, long epoch, Duration lease) {
    Instant until = clock.instant().plus(lease);
    return store.write(tx -> tx.renewRouter(routerId, owner, epoch, until));
  }

  /** Lets router {@code routerId} go, so that another owner may take it over at once. */
  public void release(String routerId, String owner, long epoch) {
    Instant now = clock.instant();
    store.write(
        tx -> {
          tx.releaseRouter(routerId, owner, epoch, now);
          return null;
        });
  }

  /**
   * Records what a router's owner reports, and extends its lease by {@code lease}. Subjects that
   * are not on the router, or no longer exist, are passed over.
   *
   * @throws LeaseLost if another owner has taken the router over since the report's epoch
   */
  public void record(AgentReport report, Duration lease) {
    Instant now = clock.instant();
    boolean progressed =
        store.write(
            tx -> {
              tx.checkRouterOwner(report.routerId(), report.epoch());
              tx.routerHeard(
                  report.routerId(),
                  now,
                  report.appliedSeq(),
                  report.headerHash(),
                  report.agent(),
                  now.plus(lease));
              boolean any = false;
              for (SubjectReport subject : report.subjects()) {
                any |= record(tx, report, subject, now);
              }
              for (NetworkEvent event : report.events()) {
                if (event.routerId().equals(report.routerId())) {
                  tx.appendNetworkEvent(event);
                }
              }
              return any;
            });
    if (progressed) {
      signals.operationsChanged();
    }
  }

  /** Records one subject's report; returns whether an applied or refused revision moved on. */
  private static boolean record(
      WriteTx tx, AgentReport report, SubjectReport reported, Instant now) {
    String id = reported.subjectId();
    // The subject's row alone (router, revision, status), not the whole resource: a report
    // carries one subject or more for every change a router applies.
    Optional<NetworkSubject> subject = tx.networkSubject(id);
    if (subject.isEmpty() || !subject.get().routerId().equals(Optional.of(report.routerId()))) {
      return false;
    }
    Optional<Observation> stored = tx.observation(id);
    Observation existing = stored.orElseGet(() -> Observation.none(id, now));
    long applied = Math.max(existing.appliedRevision(), reported.appliedRevision());
    String hash = existing.appliedHash();
    if (reported.appliedRevision() > 0
        && reported.appliedRevision() >= existing.appliedRevision()) {
      hash = reported.appliedHash();
    }
    boolean refusedNow = reported.refusedRevision() > existing.failedRevision();
    long failed = Math.max(existing.failedRevision(), reported.refusedRevision());
    String failure = refusedNow ? reported.refusal() : existing.failure();
    List<Condition> conditions = existing.conditions();
    Optional<BgpObservation> bgp = existing.bgp();
    long revision = subject.get().revision();
    if (!subject.get().deleting()) {
      conditions =
          Condition.merge(conditions, configApplied(applied, failed, failure, revision, now));
      if (reported.link().isPresent()) {
        LinkObservation link = reported.link().get();
        conditions =
            Condition.merge(
                conditions,
                new Condition(
                    ConditionType.LINK_UP,
                    link.up() ? ConditionStatus.TRUE : ConditionStatus.FALSE,
                    link.reason(),
                    link.message(),
                    revision,
                    now));
      }
      if (reported.bgp().isPresent()) {
        BgpObservation session = reported.bgp().get();
        bgp = reported.bgp();
        conditions =
            Condition.merge(
                conditions,
                new Condition(
                    ConditionType.BGP_ESTABLISHED,
                    session.established() ? ConditionStatus.TRUE : ConditionStatus.FALSE,
                    session.state(),
                    session.lastError(),
                    revision,
                    now));
      }
    }
    Observation observed =
        new Observation(id, applied, hash, failed, failure, conditions, bgp, existing.observedAt());
    if (observed.equals(existing) && stored.isPresent()) {
      return false;
    }
    boolean saved =
        tx.saveObservation(
            subject.get(),
            new Observation(id, applied, hash, failed, failure, conditions, bgp, now),
            report.epoch(),
            report.seq());
    boolean progressed =
        saved && (applied > existing.appliedRevision() || failed > existing.failedRevision());
    if (progressed) {
      // The operation waiting for this is due now, not at its next look.
      tx.makeDue(id, now);
    }
    return progressed;
  }

  private static Condition configApplied(
      long applied, long failed, String failure, long revision, Instant now) {
    if (applied >= revision) {
      return new Condition(
          ConditionType.CONFIG_APPLIED, ConditionStatus.TRUE, "Applied", "", revision, now);
    }
    if (failed >= revision) {
      return new Condition(
          ConditionType.CONFIG_APPLIED, ConditionStatus.FALSE, "Refused", failure, revision, now);
    }
    return new Condition(
        ConditionType.CONFIG_APPLIED,
        ConditionStatus.FALSE,
        "Pending",
        "the router has not applied this revision yet",
        revision,
        now);
  }
}
