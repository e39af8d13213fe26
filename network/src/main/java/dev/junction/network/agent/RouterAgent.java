package dev.junction.network.agent;

import static java.util.Objects.requireNonNull;

import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.AgentReport;
import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.DesiredChanges;
import dev.junction.core.network.DesiredSnapshot;
import dev.junction.core.network.EventKind;
import dev.junction.core.network.LinkObservation;
import dev.junction.core.network.NetworkEvent;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.SubjectIntent;
import dev.junction.core.network.SubjectReport;
import dev.junction.network.ApplyResult;
import dev.junction.network.ChangeSet;
import dev.junction.network.Rendered;
import dev.junction.network.Repair;
import dev.junction.network.RouterDriver;
import dev.junction.network.RunningSubject;
import dev.junction.network.SubjectRow;
import dev.junction.network.SubjectState;
import dev.junction.network.SubjectTable;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one router running its desired state, level-triggered: it takes the router over, compares
 * everything the router runs with everything it should run (in pages), and then applies the changes
 * of the feed as they come, each in proportion to what changed. It observes what it has just
 * applied until it is up, observes everything in a slow sweep, compares everything again in a slow
 * resync that also repairs drift, and reports what it applied and observed.
 *
 * <p>The same loop runs in {@code junction agent} beside a router and inside a server for routers
 * whose driver is local. {@link #run()} returns when the agent is closed or another owner takes the
 * router over; failures of the feed or the router are retried with a backoff.
 */
public final class RouterAgent implements Runnable, AutoCloseable {
  private static final System.Logger log = System.getLogger(RouterAgent.class.getName());
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MIN_PAGE_TICK = Duration.ofMillis(500);
  private static final Duration SETTLING = Duration.ofSeconds(5);

  private final String routerId;
  private final RouterFeed feed;
  private final RouterDriver driver;
  private final AgentSettings settings;
  private final InstantSource clock;
  private final AgentInfo info;

  private volatile boolean closed;
  private volatile Thread thread;

  // Everything below is touched by the agent's own thread only.
  private long epoch;
  private boolean synced;
  private long seq;
  private long reportSeq;
  private RouterHeader header;
  private String headerHash = "";
  private final SubjectTable<Known> known = new SubjectTable<>();
  // What the router accepted but does not run yet: only the digest to wait for, not the rendered
  // artifacts, so that a full sync of a large router does not hold every subject's text at once.
  private final Map<String, RunningSubject> pendingPuts = new LinkedHashMap<>();
  private final Map<String, Long> pendingRemovals = new LinkedHashMap<>();
  private final Unsettled unsettled = new Unsettled();
  private final List<SubjectReport> outbox = new ArrayList<>();
  private final List<NetworkEvent> events = new ArrayList<>();
  private Instant lastReport = Instant.MIN;
  private Instant nextObserve = Instant.MIN;
  private Instant nextSweep = Instant.MIN;
  private Iterator<Known> sweep = List.<Known>of().iterator();
  private Instant nextResync = Instant.MIN;
  private Instant nextRepair = Instant.MIN;
  private Resync resync;
  private volatile AgentObserver observer = AgentObserver.NONE;
  private final ObservationDigest digests = new ObservationDigest();

  /**
   * What the agent knows of one subject: what it should be, and what it last reported. A router may
   * run a million subjects, so this keeps no observation objects: only a digest of the last
   * reported link and session (to tell a change from a repeat) and the two facts {@link #settled}
   * needs of them.
   */
  private static class Known extends SubjectRow {
    static final byte LINK_UNKNOWN = 0;
    static final byte LINK_DOWN = 1;
    static final byte LINK_UP = 2;
    static final int NOT_ESTABLISHED = -1;

    // The flags' bits: what it should be (PRESENT, SESSION, BGP), whether it is among the unsettled
    // subjects and in their queue (see Unsettled), and in the top two bits the link last reported
    // (LINK_*). One byte rather than six fields; with the JVM's compact object headers, and the
    // time in an int, a record is 48 bytes.
    private static final int PRESENT = 1;
    private static final int SESSION = 1 << 1;
    private static final int BGP = 1 << 2;
    private static final int UNSETTLED = 1 << 3;
    private static final int QUEUED = 1 << 4;
    private static final int LINK_SHIFT = 6;

    long revision;
    // What was last reported of its link and session: their digest (ObservationDigest), and since
    // when the session is established, in whole seconds since the epoch rounded up (unsigned, to
    // 2106; NOT_ESTABLISHED when it is not): settling is counted in seconds.
    long reported = ObservationDigest.NONE;
    int establishedSince = NOT_ESTABLISHED;
    private byte flags;

    /** Returns the record of a new subject, of a class that keeps its id's text if need be. */
    static Known of(SubjectIntent intent) {
      return compact(intent.subjectId()) ? new Known(intent, false) : new TextKnown(intent);
    }

    private Known(SubjectIntent intent, boolean keepsText) {
      super(intent.subjectId(), keepsText);
      update(intent);
    }

    void update(SubjectIntent intent) {
      revision = intent.revision();
      set(PRESENT, intent.present());
      set(SESSION, intent instanceof SessionIntent);
      set(BGP, intent instanceof SessionIntent s && s.hasBgp());
    }

    void reported(long digest, Optional<LinkObservation> link, Optional<BgpObservation> state) {
      reported = digest;
      byte observed = link.map(l -> l.up() ? LINK_UP : LINK_DOWN).orElse(LINK_UNKNOWN);
      flags = (byte) ((flags & ~(3 << LINK_SHIFT)) | observed << LINK_SHIFT);
      establishedSince =
          state
              .filter(BgpObservation::established)
              .map(b -> secondsUp(b.since()))
              .orElse(NOT_ESTABLISHED);
    }

    /** Returns {@code at} in whole seconds since the epoch, rounded up, as an unsigned int. */
    static int secondsUp(Instant at) {
      long seconds = at.getEpochSecond() + (at.getNano() > 0 ? 1 : 0);
      return (int) Math.clamp(seconds, 0, 0xFFFF_FFFEL);
    }

    /** Returns whether the session has been established since {@code seconds} or before. */
    boolean establishedBy(long seconds) {
      return establishedSince != NOT_ESTABLISHED
          && Integer.toUnsignedLong(establishedSince) <= seconds;
    }

    boolean present() {
      return has(PRESENT);
    }

    boolean session() {
      return has(SESSION);
    }

    boolean bgp() {
      return has(BGP);
    }

    byte link() {
      return (byte) ((flags & 0xff) >>> LINK_SHIFT);
    }

    boolean unsettled() {
      return has(UNSETTLED);
    }

    void unsettled(boolean on) {
      set(UNSETTLED, on);
    }

    boolean queued() {
      return has(QUEUED);
    }

    void queued(boolean on) {
      set(QUEUED, on);
    }

    private boolean has(int bit) {
      return (flags & bit) != 0;
    }

    private void set(int bit, boolean on) {
      flags = (byte) (on ? flags | bit : flags & ~bit);
    }
  }

  /** The record of a subject whose id a {@link SubjectRow} cannot hold in its two longs. */
  private static final class TextKnown extends Known {
    private final String id;

    TextKnown(SubjectIntent intent) {
      super(intent, true);
      this.id = intent.subjectId();
    }

    @Override
    protected String idText() {
      return id;
    }
  }

  /**
   * The subjects not up and steady yet, in the order they are to be observed: a queue of the
   * subjects themselves with two marks on each (unsettled, in the queue), rather than a set of
   * their ids, so that a large router's first sync (when every subject is unsettled) costs a
   * reference per subject. Removing a subject only clears its mark, and what is left of it in the
   * queue is skipped when reached; adding it again while it is still in the queue keeps its place.
   * An {@code ArrayDeque} never gives back the array it grew to (8 MB after a first sync of a
   * million subjects), so a queue that grew large is replaced once it is empty.
   */
  private static final class Unsettled {
    private static final int KEPT_CAPACITY = 1024;
    private ArrayDeque<Known> queue = new ArrayDeque<>();
    private int size;
    private int peak;

    boolean isEmpty() {
      return size == 0;
    }

    /** Marks {@code subject} (if any) unsettled, at the back unless it already is in the queue. */
    void add(Known subject) {
      if (subject == null || subject.unsettled()) {
        return;
      }
      subject.unsettled(true);
      size++;
      if (!subject.queued()) {
        subject.queued(true);
        queue.addLast(subject);
        peak = Math.max(peak, queue.size());
      }
    }

    /** Marks {@code subject} (if any) settled or gone. */
    void remove(Known subject) {
      if (subject != null && subject.unsettled()) {
        subject.unsettled(false);
        size--;
      }
    }

    /** Takes up to {@code limit} subjects off the front; they are settled until added again. */
    List<Known> take(int limit) {
      List<Known> taken = new ArrayList<>();
      while (taken.size() < limit && !queue.isEmpty()) {
        Known subject = queue.pollFirst();
        subject.queued(false);
        if (subject.unsettled()) {
          remove(subject);
          taken.add(subject);
        }
      }
      if (queue.isEmpty()) {
        shrink();
      }
      return taken;
    }

    void clear() {
      queue.forEach(subject -> subject.queued(false));
      queue.clear();
      size = 0;
      shrink();
    }

    private void shrink() {
      if (peak > KEPT_CAPACITY) {
        queue = new ArrayDeque<>();
        peak = 0;
      }
    }
  }

  /**
   * One resync pass in progress: the next page, and what has been seen so far that the agent did
   * not know then (what it knows is no orphan anyway, so the pass does not keep a second set of a
   * million ids).
   */
  private static final class Resync {
    Optional<String> after = Optional.empty();
    final Set<String> seenUnknown = new HashSet<>();
  }

  public RouterAgent(
      String routerId,
      RouterFeed feed,
      RouterDriver driver,
      AgentSettings settings,
      InstantSource clock,
      AgentInfo info) {
    this.routerId = requireNonNull(routerId, "routerId");
    this.feed = requireNonNull(feed, "feed");
    this.driver = requireNonNull(driver, "driver");
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.info = requireNonNull(info, "info");
  }

  public String routerId() {
    return routerId;
  }

  /** Makes {@code observer} hear of this agent's passes and applies; call before running it. */
  public RouterAgent observedBy(AgentObserver observer) {
    this.observer = requireNonNull(observer, "observer");
    return this;
  }

  /** Runs until closed or until another owner takes the router over. */
  @Override
  public void run() {
    thread = Thread.currentThread();
    int failures = 0;
    while (!closed) {
      try {
        if (!synced) {
          epoch = feed.register(routerId, info);
          log.log(Level.INFO, "Took router {0} over (epoch {1})", routerId, epoch);
          fullSync();
        }
        step();
        observer.passed(routerId);
        failures = 0;
      } catch (RouterFeed.NotOwner e) {
        log.log(Level.WARNING, "Stopping the agent of router {0}: {1}", routerId, e.getMessage());
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        failures++;
        observer.failed(routerId);
        Duration wait = backoff(failures);
        log.log(
            Level.WARNING,
            "Agent of router "
                + routerId
                + " failed ("
                + failures
                + " in a row); trying again in "
                + wait.toMillis()
                + " ms: "
                + e);
        if (!pause(wait)) {
          return;
        }
      }
    }
  }

  /** Stops the loop; the router keeps running what it runs. */
  @Override
  public void close() {
    closed = true;
    Thread running = thread;
    if (running != null) {
      running.interrupt();
    }
  }

  // Taking the router over.

  /** Compares everything the router runs with everything it should run, and converges it. */
  private void fullSync() throws InterruptedException {
    known.clear();
    pendingPuts.clear();
    pendingRemovals.clear();
    unsettled.clear();
    Resync pass = new Resync();
    long startSeq = -1;
    do {
      DesiredSnapshot page = feed.snapshot(routerId, pass.after, settings.batch());
      if (startSeq < 0) {
        startSeq = page.seq();
        if (driver.prepare(page.header())) {
          log.log(
              Level.INFO,
              "Router {0} had never been configured: prepared its first configuration"
                  + " (its daemon can be started on it now)",
              routerId);
        }
        adoptHeader(page.header());
      }
      converge(page, pass, false);
      pass.after = page.next();
      // What earlier pages' changes the router runs by now is reported as the sync goes, rather
      // than all at the end.
      checkPending();
      flush(clock.instant(), false);
    } while (pass.after.isPresent() && !closed);
    removeOrphans(pass, false);
    seq = startSeq;
    synced = true;
    sweep = known.walk();
    nextSweep = Instant.MIN;
    nextResync = clock.instant().plus(settings.resyncInterval());
    nextRepair = clock.instant().plus(settings.resyncInterval());
    flush(clock.instant(), true);
  }

  /** Applies a header that differs from the one the router runs. */
  private void adoptHeader(RouterHeader desired) {
    header = desired;
    Rendered rendered = driver.renderHeader(desired);
    Optional<RunningSubject> running = driver.running(RouterHeader.SUBJECT_ID);
    if (running.isPresent() && running.get().hash().equals(rendered.hash())) {
      headerHash = rendered.hash();
      return;
    }
    apply(new ChangeSet(Optional.of(rendered), List.of(), List.of()), Map.of());
  }

  /**
   * Converges the subjects of one snapshot page: puts what differs, removes what is being deleted,
   * and reports what the store has not recorded.
   */
  private void converge(DesiredSnapshot page, Resync pass, boolean repairing) {
    List<Rendered> puts = new ArrayList<>();
    List<String> removes = new ArrayList<>();
    Map<String, Long> deleting = new HashMap<>();
    List<SubjectIntent> subjects = new ArrayList<>(page.trunks());
    subjects.addAll(page.sessions());
    for (SubjectIntent subject : subjects) {
      String id = subject.subjectId();
      // A full sync knows every subject it sees from here on; a resync may see one it does not.
      if (repairing && !known.contains(id)) {
        pass.seenUnknown.add(id);
      }
      if (repairing) {
        // A resync page may be older than the changes applied since it was read: it only
        // repairs subjects the agent knows at exactly the page's revision.
        Known current = known.get(id);
        if (current == null
            || current.revision != subject.revision()
            || pendingPuts.containsKey(id)
            || pendingRemovals.containsKey(id)) {
          continue;
        }
      } else {
        known(subject);
      }
      Optional<DesiredSnapshot.Recorded> recorded = Optional.ofNullable(page.recorded().get(id));
      Optional<RunningSubject> running = driver.running(id);
      if (!subject.present()) {
        if (running.isPresent()) {
          removes.add(id);
          deleting.put(id, subject.revision());
        } else if (recorded.map(r -> r.revision() < subject.revision()).orElse(true)) {
          outbox.add(SubjectReport.applied(id, subject.revision(), ""));
        }
        continue;
      }
      Rendered rendered = driver.render(header, subject);
      if (running.isPresent() && running.get().hash().equals(rendered.hash())) {
        boolean recordedSame =
            recorded
                .map(r -> r.revision() >= subject.revision() && r.hash().equals(rendered.hash()))
                .orElse(false);
        if (!recordedSame) {
          outbox.add(SubjectReport.applied(id, subject.revision(), rendered.hash()));
        }
        continue;
      }
      if (repairing && running.isPresent()) {
        events.add(
            new NetworkEvent(
                routerId,
                clock.instant(),
                EventKind.DRIFT_REPAIRED,
                id,
                "the router ran another configuration for it than rendered; applied again"));
      }
      puts.add(rendered);
    }
    applyInBatches(puts, removes, deleting);
  }

  /** Returns what the agent knows of {@code subject}, updated to it. */
  private Known known(SubjectIntent subject) {
    Known current = known.get(subject.subjectId());
    if (current == null) {
      current = Known.of(subject);
      known.put(current);
    } else {
      current.update(subject);
    }
    return current;
  }

  /** Removes what the router runs but should not: subjects deleted while nobody watched. */
  private void removeOrphans(Resync pass, boolean repairing) {
    // What the router runs now, not at the pass's start: what it took meanwhile is known. Only the
    // candidates are kept, not the ids of everything it runs.
    List<String> candidates = new ArrayList<>();
    driver.forEachRunning(
        id -> {
          if (!known.contains(id)) {
            candidates.add(id);
          }
        });
    List<String> orphans = new ArrayList<>();
    for (String id : candidates) {
      // A subject seen while known and forgotten since was removed by the change that forgot it.
      if (!pass.seenUnknown.contains(id)
          && !pendingRemovals.containsKey(id)
          && driver.running(id).isPresent()) {
        orphans.add(id);
      }
    }
    if (repairing) {
      for (String id : orphans) {
        events.add(
            new NetworkEvent(
                routerId,
                clock.instant(),
                EventKind.DRIFT_REPAIRED,
                id,
                "the router ran a subject that no longer exists; removed it"));
      }
    }
    applyInBatches(List.of(), orphans, Map.of());
  }

  // The loop.

  private void step() throws InterruptedException {
    Instant now = clock.instant();
    DesiredChanges changes = feed.changes(routerId, seq, settings.batch(), waitFrom(now));
    if (!changes.isEmpty() || !sameHeader(changes.header())) {
      applyChanges(changes);
    }
    now = clock.instant();
    checkPending();
    if (!now.isBefore(nextObserve)) {
      List<Known> taken = unsettled.take(settings.batch());
      List<String> page = new ArrayList<>(taken.size());
      taken.forEach(k -> page.add(k.subjectId()));
      try {
        observe(page);
      } catch (RuntimeException e) {
        // Still to be observed: the next pass takes them again.
        taken.forEach(unsettled::add);
        throw e;
      }
      nextObserve = now.plus(settings.observeInterval());
    }
    if (!now.isBefore(nextSweep)) {
      sweepPage();
      nextSweep = now.plus(sweepTick());
    }
    if (!now.isBefore(nextRepair)) {
      repairDrift();
    }
    if (!now.isBefore(nextResync)) {
      resyncPage();
    }
    flush(clock.instant(), false);
  }

  /** Returns how long the next request for changes may wait before other work is due. */
  private Duration waitFrom(Instant now) {
    Instant due = lastReport.plus(settings.heartbeat());
    if (!unsettled.isEmpty() || !pendingPuts.isEmpty() || !pendingRemovals.isEmpty()) {
      due = earliest(due, nextObserve);
    }
    due = earliest(due, nextSweep);
    due = earliest(due, nextResync);
    due = earliest(due, nextRepair);
    if (!outbox.isEmpty() || !events.isEmpty()) {
      due = now;
    }
    Duration wait = Duration.between(now, due);
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(settings.maxWait()) > 0 ? settings.maxWait() : wait;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private boolean sameHeader(RouterHeader desired) {
    return desired.equals(header);
  }

  /** Applies one batch of the feed's changes. */
  private void applyChanges(DesiredChanges changes) {
    if (!sameHeader(changes.header())) {
      adoptHeader(changes.header());
    }
    List<Rendered> puts = new ArrayList<>();
    List<String> removes = new ArrayList<>();
    Map<String, Long> deleting = new HashMap<>();
    for (SubjectIntent subject : changes.changed()) {
      String id = subject.subjectId();
      known(subject);
      pendingPuts.remove(id);
      pendingRemovals.remove(id);
      Optional<RunningSubject> running = driver.running(id);
      if (!subject.present()) {
        unsettled.remove(known.get(id));
        if (running.isPresent()) {
          removes.add(id);
          deleting.put(id, subject.revision());
        } else {
          outbox.add(SubjectReport.applied(id, subject.revision(), ""));
        }
        continue;
      }
      Rendered rendered = driver.render(header, subject);
      if (running.isPresent() && running.get().hash().equals(rendered.hash())) {
        outbox.add(SubjectReport.applied(id, subject.revision(), rendered.hash()));
      } else {
        puts.add(rendered);
      }
    }
    for (String id : changes.removed()) {
      unsettled.remove(known.remove(id));
      pendingPuts.remove(id);
      pendingRemovals.remove(id);
      if (driver.running(id).isPresent()) {
        removes.add(id);
      }
    }
    applyInBatches(puts, removes, deleting);
    seq = changes.seq();
  }

  private void applyInBatches(
      List<Rendered> puts, List<String> removes, Map<String, Long> deleting) {
    int batch = settings.batch();
    for (int i = 0; i < puts.size(); i += batch) {
      List<Rendered> slice = puts.subList(i, Math.min(puts.size(), i + batch));
      apply(new ChangeSet(Optional.empty(), slice, List.of()), deleting);
    }
    for (int i = 0; i < removes.size(); i += batch) {
      List<String> slice = removes.subList(i, Math.min(removes.size(), i + batch));
      apply(new ChangeSet(Optional.empty(), List.of(), slice), deleting);
    }
  }

  /**
   * Applies one change. A refused change of several subjects is split in halves until the subjects
   * the router refuses are found; each of those is reported refused, the rest applied.
   */
  private void apply(ChangeSet change, Map<String, Long> deleting) {
    if (change.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    ApplyResult result = driver.apply(change);
    observer.applied(
        routerId,
        switch (result) {
          case ApplyResult.Applied applied -> "applied";
          case ApplyResult.Accepted accepted -> "accepted";
          case ApplyResult.Refused refused -> "refused";
        },
        System.nanoTime() - started);
    switch (result) {
      case ApplyResult.Applied applied -> {
        change.header().ifPresent(h -> headerHash = h.hash());
        for (Rendered put : change.put()) {
          outbox.add(SubjectReport.applied(put.subjectId(), put.revision(), put.hash()));
          unsettled.add(known.get(put.subjectId()));
        }
        for (String id : change.remove()) {
          Long revision = deleting.get(id);
          if (revision != null) {
            outbox.add(SubjectReport.applied(id, revision, ""));
          }
        }
      }
      case ApplyResult.Accepted accepted -> {
        change.header().ifPresent(h -> headerHash = h.hash());
        change.put().forEach(put -> pendingPuts.put(put.subjectId(), put.asRunning()));
        for (String id : change.remove()) {
          pendingRemovals.put(id, deleting.getOrDefault(id, 0L));
        }
      }
      case ApplyResult.Refused refused -> refusedChange(change, refused.reason(), deleting);
    }
  }

  private void refusedChange(ChangeSet change, String reason, Map<String, Long> deleting) {
    if (change.size() > 1) {
      List<ChangeSet> halves = new ArrayList<>();
      change
          .header()
          .ifPresent(h -> halves.add(new ChangeSet(Optional.of(h), List.of(), List.of())));
      List<Rendered> puts = change.put();
      if (!puts.isEmpty()) {
        int mid = (puts.size() + 1) / 2;
        halves.add(new ChangeSet(Optional.empty(), puts.subList(0, mid), List.of()));
        halves.add(new ChangeSet(Optional.empty(), puts.subList(mid, puts.size()), List.of()));
      }
      List<String> removes = change.remove();
      if (!removes.isEmpty()) {
        int mid = (removes.size() + 1) / 2;
        halves.add(new ChangeSet(Optional.empty(), List.of(), removes.subList(0, mid)));
        halves.add(
            new ChangeSet(Optional.empty(), List.of(), removes.subList(mid, removes.size())));
      }
      halves.forEach(half -> apply(half, deleting));
      return;
    }
    Instant now = clock.instant();
    String subject;
    if (change.header().isPresent()) {
      subject = RouterHeader.SUBJECT_ID;
    } else if (!change.put().isEmpty()) {
      Rendered put = change.put().get(0);
      subject = put.subjectId();
      outbox.add(SubjectReport.refused(subject, put.revision(), reason));
    } else {
      subject = change.remove().get(0);
      Long revision = deleting.get(subject);
      if (revision != null) {
        outbox.add(SubjectReport.refused(subject, revision, reason));
      }
    }
    log.log(Level.WARNING, "Router {0} refused a change of {1}: {2}", routerId, subject, reason);
    events.add(new NetworkEvent(routerId, now, EventKind.REFUSED, subject, reason));
  }

  /** Reports the changes a router took earlier and now runs. */
  private void checkPending() {
    int looked = 0;
    Iterator<Map.Entry<String, RunningSubject>> puts = pendingPuts.entrySet().iterator();
    while (puts.hasNext() && looked++ < settings.batch() * 4) {
      RunningSubject put = puts.next().getValue();
      Optional<RunningSubject> running = driver.running(put.subjectId());
      if (running.isPresent() && running.get().hash().equals(put.hash())) {
        outbox.add(SubjectReport.applied(put.subjectId(), put.revision(), put.hash()));
        unsettled.add(known.get(put.subjectId()));
        puts.remove();
      }
    }
    Iterator<Map.Entry<String, Long>> removals = pendingRemovals.entrySet().iterator();
    while (removals.hasNext() && looked++ < settings.batch() * 8) {
      Map.Entry<String, Long> removal = removals.next();
      if (driver.running(removal.getKey()).isEmpty()) {
        if (removal.getValue() > 0) {
          outbox.add(SubjectReport.applied(removal.getKey(), removal.getValue(), ""));
        }
        removals.remove();
      }
    }
  }

  // Observing.

  /**
   * Observes the given subjects and queues a report for each whose state changed since it was last
   * reported; a subject that is not up yet stays among the unsettled ones.
   */
  private void observe(List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    Map<String, SubjectState> states = driver.observe(ids);
    for (String id : ids) {
      Known subject = known.get(id);
      SubjectState state = states.get(id);
      if (subject == null || !subject.present() || state == null) {
        unsettled.remove(subject);
        continue;
      }
      Optional<LinkObservation> link = state.link();
      Optional<BgpObservation> bgp = subject.bgp() ? state.bgp() : Optional.empty();
      long digest = digests.of(link, bgp);
      if (digest != subject.reported) {
        subject.reported(digest, link, bgp);
        outbox.add(SubjectReport.observed(id, link, bgp));
      }
      unsettled.remove(subject);
      if (!settled(subject)) {
        // To the back of the line, so that subjects stuck down do not starve the others.
        unsettled.add(subject);
      }
    }
  }

  /**
   * Returns whether a subject is up and steady: its link up, its BGP session established for a few
   * seconds (the customer's routes arrive just after the session comes up).
   */
  private boolean settled(Known subject) {
    if (subject.bgp()) {
      return subject.establishedBy(clock.instant().minus(SETTLING).getEpochSecond());
    }
    return subject.link() == Known.LINK_UNKNOWN
        ? !subject.session()
        : subject.link() == Known.LINK_UP;
  }

  /** Observes the next page of the sweep over every subject, starting a new round when done. */
  private void sweepPage() {
    if (!sweep.hasNext()) {
      sweep = known.walk();
    }
    List<String> page = new ArrayList<>();
    while (sweep.hasNext() && page.size() < settings.batch()) {
      page.add(sweep.next().subjectId());
    }
    observe(page);
  }

  /**
   * Returns the time between two sweep pages: a whole round takes the sweep interval, but a page
   * comes at most every {@link #MIN_PAGE_TICK}, so that a router with very many subjects is swept
   * slowly rather than the agent doing nothing else.
   */
  private Duration sweepTick() {
    return pageTick(settings.sweepInterval());
  }

  private Duration pageTick(Duration round) {
    long pages = Math.max(1, (known.size() + settings.batch() - 1) / settings.batch());
    Duration tick = round.dividedBy(pages);
    return tick.compareTo(MIN_PAGE_TICK) < 0 ? MIN_PAGE_TICK : tick;
  }

  // Resyncing and repairing drift.

  /**
   * Repairs drift on the router: what differs from what the driver applied (a protocol disabled, a
   * link deleted, a file edited) is put back. Runs every resync interval, whatever the size of the
   * router.
   */
  private void repairDrift() {
    Instant now = clock.instant();
    for (Repair repair : driver.repair()) {
      log.log(Level.INFO, "Repaired drift on router {0}: {1}", routerId, repair.message());
      events.add(
          new NetworkEvent(
              routerId, now, EventKind.DRIFT_REPAIRED, repair.subjectId(), repair.message()));
      unsettled.add(known.get(repair.subjectId()));
    }
    adoptHeader(header);
    nextRepair = now.plus(settings.resyncInterval());
  }

  /**
   * Compares the next page of everything the router should run with what it runs, and applies what
   * differs (after a template change, or a change nobody told the agent about); at the end of a
   * round it removes what runs but should not. A round is spread over the resync interval, one page
   * at a time.
   */
  private void resyncPage() {
    Instant now = clock.instant();
    if (resync == null) {
      resync = new Resync();
    }
    DesiredSnapshot page = feed.snapshot(routerId, resync.after, settings.batch());
    if (resync.after.isEmpty() && !sameHeader(page.header())) {
      adoptHeader(page.header());
    }
    converge(page, resync, true);
    resync.after = page.next();
    if (resync.after.isEmpty()) {
      removeOrphans(resync, true);
      resync = null;
      nextResync = now.plus(settings.resyncInterval());
    } else {
      nextResync = now.plus(pageTick(settings.resyncInterval()));
    }
  }

  // Reporting.

  /** Sends what is queued, in reports of at most one batch; a heartbeat if due or forced. */
  private void flush(Instant now, boolean force) {
    boolean heartbeatDue = !now.isBefore(lastReport.plus(settings.heartbeat()));
    if (outbox.isEmpty() && events.isEmpty() && !heartbeatDue && !force) {
      return;
    }
    do {
      int size = Math.min(outbox.size(), settings.batch());
      List<SubjectReport> subjects = List.copyOf(outbox.subList(0, size));
      List<NetworkEvent> sent = List.copyOf(events);
      feed.report(
          new AgentReport(routerId, epoch, ++reportSeq, seq, headerHash, info, subjects, sent));
      outbox.subList(0, size).clear();
      events.clear();
      lastReport = clock.instant();
    } while (!outbox.isEmpty());
  }

  // Waiting.

  private Duration backoff(int failures) {
    long base = FIRST_BACKOFF.toMillis() << Math.min(failures - 1, 20);
    long capped = Math.min(base, settings.maxBackoff().toMillis());
    long jitter = ThreadLocalRandom.current().nextLong(capped / 4 + 1);
    return Duration.ofMillis(capped - jitter);
  }

  /** Waits {@code wait} unless closed meanwhile; returns whether to go on. */
  private boolean pause(Duration wait) {
    try {
      TimeUnit.MILLISECONDS.sleep(wait.toMillis());
      return !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
