package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.ReadTx;
import dev.junction.core.store.Store;
import dev.junction.core.trunk.Trunk;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the network shows: the observed state of trunks and attachments, for the APIs, and of
 * routers, for the operator. What a router's owner reported is shown as unknown once the owner has
 * been silent longer than the configured time: it may no longer be true.
 */
public final class NetworkView {
  /** The reason of every condition of a router whose owner has gone silent. */
  public static final String AGENT_SILENT = "AgentSilent";

  private static final String SUBJECT_NOUN = "trunk or connection";

  private final Store store;
  private final InstantSource clock;
  private final Duration agentSilence;

  public NetworkView(Store store, InstantSource clock, Duration agentSilence) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.agentSilence = requireNonNull(agentSilence, "agentSilence");
  }

  /**
   * Returns the last observation of a trunk or attachment, as it should be shown now, for a caller
   * whose access to the subject has been checked already.
   */
  public Optional<Observation> observation(String subjectId) {
    Instant now = clock.instant();
    return store.read(
        tx ->
            tx.observation(subjectId)
                .map(
                    observed ->
                        tx.routerOf(subjectId)
                            .flatMap(tx::routerStatus)
                            .map(status -> shown(observed, status, now))
                            .orElse(observed)));
  }

  /**
   * Returns what the network shows of trunk or attachment {@code subjectId} to {@code caller}: one
   * it may not read does not exist for it.
   */
  public SubjectView subject(Caller caller, String subjectId) {
    Instant now = clock.instant();
    return store.read(
        tx -> {
          String kind;
          long revision;
          Optional<Attachment> attachment = tx.attachment(subjectId);
          if (attachment.isPresent()) {
            // One noun for a missing subject and for another tenant's: the answer must not tell
            // a stranger that the id exists, nor what it is.
            AccessGuard.read(caller, attachment.get().scope(), SUBJECT_NOUN, subjectId);
            kind = attachment.get().kind().name().toLowerCase(java.util.Locale.ROOT);
            revision = attachment.get().revision();
          } else {
            Trunk trunk =
                tx.trunk(subjectId)
                    .orElseThrow(() -> ProblemException.notFound(SUBJECT_NOUN, subjectId));
            AccessGuard.read(caller, trunk.scope(), SUBJECT_NOUN, subjectId);
            kind = "trunk";
            revision = trunk.revision();
          }
          Optional<RouterStatus> status = tx.routerOf(subjectId).flatMap(tx::routerStatus);
          Optional<Observation> observed =
              tx.observation(subjectId).map(o -> status.map(s -> shown(o, s, now)).orElse(o));
          return new SubjectView(subjectId, kind, revision, observed, liveness(status, now));
        });
  }

  /** Returns the network side of every router, for the operator. */
  public List<RouterStatus> routers(Caller caller) {
    AccessGuard.operator(caller, "reading the routers");
    return store.read(ReadTx::routerStatuses);
  }

  /**
   * Returns router {@code routerId} for the operator: its status, header and latest events, and a
   * page of its subjects with what was observed of them, attachments ordered by id after {@code
   * after}.
   */
  public RouterView router(Caller caller, String routerId, Optional<String> after, int limit) {
    AccessGuard.operator(caller, "reading a router");
    Instant now = clock.instant();
    int size = Math.max(1, Math.min(limit, DesiredState.MAX_PAGE));
    return store.read(
        tx -> {
          RouterHeader header = DesiredState.header(tx, routerId);
          RouterStatus status =
              tx.routerStatus(routerId)
                  .orElseThrow(() -> ProblemException.notFound("router", routerId));
          List<SubjectView> subjects = new ArrayList<>();
          List<Trunk> trunks = after.isEmpty() ? tx.trunksOnRouter(routerId) : List.of();
          List<Attachment> attachments = tx.attachmentsOnRouter(routerId, after, size);
          List<String> ids = new ArrayList<>();
          trunks.forEach(t -> ids.add(t.id()));
          attachments.forEach(a -> ids.add(a.id()));
          Map<String, Observation> observed = new HashMap<>();
          tx.observations(ids).forEach(o -> observed.put(o.subjectId(), shown(o, status, now)));
          Liveness liveness = liveness(Optional.of(status), now);
          for (Trunk trunk : trunks) {
            subjects.add(
                new SubjectView(
                    trunk.id(),
                    "trunk",
                    trunk.revision(),
                    Optional.ofNullable(observed.get(trunk.id())),
                    liveness));
          }
          for (Attachment attachment : attachments) {
            subjects.add(
                new SubjectView(
                    attachment.id(),
                    attachment.kind().name().toLowerCase(java.util.Locale.ROOT),
                    attachment.revision(),
                    Optional.ofNullable(observed.get(attachment.id())),
                    liveness));
          }
          Optional<String> next =
              attachments.size() == size
                  ? Optional.of(attachments.get(attachments.size() - 1).id())
                  : Optional.empty();
          return new RouterView(
              status, header, liveness, subjects, tx.networkEvents(routerId, 50), next);
        });
  }

  private Observation shown(Observation observed, RouterStatus status, Instant now) {
    Liveness liveness = liveness(Optional.of(status), now);
    return liveness.silent() ? observed.unknown(AGENT_SILENT, liveness.message()) : observed;
  }

  private Liveness liveness(Optional<RouterStatus> status, Instant now) {
    Optional<Instant> heard = status.flatMap(RouterStatus::lastHeardAt);
    String router = status.map(RouterStatus::routerId).orElse("?");
    if (heard.isEmpty()) {
      return new Liveness(
          true, heard, "nothing has been heard yet from the agent of router " + router);
    }
    if (heard.get().plus(agentSilence).isBefore(now)) {
      return new Liveness(
          true, heard, "the agent of router " + router + " has not reported since " + heard.get());
    }
    return new Liveness(false, heard, "");
  }

  /** Returns whether a router's owner is silent, when it last reported, and a message saying so. */
  public record Liveness(boolean silent, Optional<Instant> lastHeardAt, String message) {
    public Liveness {
      requireNonNull(lastHeardAt, "lastHeardAt");
      requireNonNull(message, "message");
    }
  }

  /**
   * Returns what the network shows of one trunk or attachment.
   *
   * @param kind {@code trunk}, {@code private}, {@code public} or {@code cni}
   * @param revision the subject's current revision
   */
  public record SubjectView(
      String subjectId,
      String kind,
      long revision,
      Optional<Observation> observation,
      Liveness router) {
    public SubjectView {
      requireNonNull(subjectId, "subjectId");
      requireNonNull(kind, "kind");
      requireNonNull(observation, "observation");
      requireNonNull(router, "router");
    }
  }

  /** Returns a router as the operator sees it, with a page of its subjects. */
  public record RouterView(
      RouterStatus status,
      RouterHeader header,
      Liveness liveness,
      List<SubjectView> subjects,
      List<NetworkEvent> events,
      Optional<String> next) {
    public RouterView {
      requireNonNull(status, "status");
      requireNonNull(header, "header");
      requireNonNull(liveness, "liveness");
      subjects = List.copyOf(subjects);
      events = List.copyOf(events);
      requireNonNull(next, "next");
    }
  }
}
