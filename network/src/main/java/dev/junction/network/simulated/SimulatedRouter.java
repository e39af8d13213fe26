package dev.junction.network.simulated;

import static java.util.Objects.requireNonNull;

import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.FaultKind;
import dev.junction.core.network.LinkObservation;
import dev.junction.core.network.NetworkFault;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.SubjectIntent;
import dev.junction.core.network.TrunkIntent;
import dev.junction.network.ApplyResult;
import dev.junction.network.Artifact;
import dev.junction.network.ChangeSet;
import dev.junction.network.Rendered;
import dev.junction.network.Repair;
import dev.junction.network.RouterDriver;
import dev.junction.network.RunningSubject;
import dev.junction.network.SubjectRow;
import dev.junction.network.SubjectState;
import dev.junction.network.SubjectTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A simulated router, deterministic for a given clock. Each change it is given runs {@link
 * SimulatedTimings#apply()} after it was given, whatever else arrives meanwhile, so a steady stream
 * of changes converges. A trunk's link comes up {@link SimulatedTimings#linkUp()} after it is
 * configured; a session is established {@link SimulatedTimings#bgpEstablish()} after it is
 * configured with its link up, and then has received one prefix per static route (at least one) and
 * announced the router's and the attachment's prefixes. Changing a session's peering, VLAN or key
 * restarts it; changing anything else does not.
 *
 * <p>Faults come with the router's header: a link held down, a session held in Active, or every
 * change refused. {@link #tamper} changes the router behind Junction's back, as someone with a
 * shell on it would, and {@link #repair()} puts it back. It lives in memory: a new instance is
 * empty, as a router after a reboot.
 */
public final class SimulatedRouter implements RouterDriver {
  /** Returns what can be changed on a router behind Junction's back. */
  public enum Drift {
    /** The subject's configuration was edited by hand. */
    CONFIG_EDITED,
    /** The subject's BGP protocol was disabled by hand. */
    PROTOCOL_DISABLED,
    /** The subject's link was deleted by hand. */
    LINK_DELETED,
    /** The subject's link was set down by hand. */
    LINK_DOWN,
    /** The provider's address was removed from the subject's link by hand. */
    ADDRESS_REMOVED
  }

  private final String routerId;
  private final InstantSource clock;
  private final SimulatedTimings timings;
  private final SimulatedNetwork network;

  private final Object lock = new Object();
  private Optional<RunningSubject> header = Optional.empty();
  private List<NetworkFault> faults = List.of();
  private int announced;
  private final SubjectTable<Entry> running = new SubjectTable<>();
  private final Map<String, Instant> interfaces = new HashMap<>();
  private final ArrayDeque<Scheduled> queue = new ArrayDeque<>();
  private final Map<String, Drift> drifts = new HashMap<>();
  // One instance of each interface name, shared by every subject that names it.
  private final Map<String, String> names = new HashMap<>();

  /**
   * What the router runs for one subject, and since when as it is now. A router may run a million
   * subjects, so this is one flat object per subject: it keeps only what the router answers with
   * (revision, digest) and what its behaviour depends on (the fields of {@link Spec}, inlined
   * rather than a second object, and the time as nanoseconds in one long rather than an {@link
   * Instant}), never the rendered text. The digest {@link #rendered} makes (32 hex digits) is held
   * as two longs; any other, and an id a {@link SubjectRow} cannot hold, as given ({@link Unusual},
   * which only a test makes: Junction's ids and this router's digests fit). A trunk names only its
   * interface and a session only its parent, so one field holds either; the three flags share a
   * byte, and the prefix counts are chars (at most 65,535 each, the most a simulated session
   * reports): with the JVM's compact object headers an entry is 88 bytes.
   */
  private static class Entry extends SubjectRow {
    private static final HexFormat HEX = HexFormat.of();
    private static final int DIGITS = 32;

    private final long revision;
    private final long hashHigh;
    private final long hashLow;
    // The fields of Spec: TRUNK, BGP and ACCEPTS in flags; name is a trunk's interface or a
    // session's parent.
    private static final int TRUNK = 1;
    private static final int BGP = 1 << 1;
    private static final int ACCEPTS = 1 << 2;
    private final byte flags;
    private final String name;
    private final long md5Digest;
    private final long restart;
    private final char staticRoutes;
    private final char advertised;
    // When it was configured as it is now, in nanoseconds since the epoch (years 1678 to 2261).
    private final long configuredAt;

    private Entry(
        String subjectId,
        boolean keepsText,
        long revision,
        long hashHigh,
        long hashLow,
        Spec spec,
        Instant configuredAt) {
      super(subjectId, keepsText);
      this.revision = revision;
      this.hashHigh = hashHigh;
      this.hashLow = hashLow;
      this.flags =
          (byte)
              ((spec.trunk() ? TRUNK : 0)
                  | (spec.bgp() ? BGP : 0)
                  | (spec.accepts() ? ACCEPTS : 0));
      this.name = spec.trunk() ? spec.iface() : spec.parentName();
      this.md5Digest = spec.md5Digest();
      this.restart = spec.restart();
      this.staticRoutes = count(spec.staticRoutes());
      this.advertised = count(spec.advertised());
      this.configuredAt = SubjectRow.epochNanos(configuredAt);
    }

    static Entry of(Rendered put, Spec spec, Instant configuredAt) {
      String hash = put.hash();
      if (hash.length() == DIGITS
          && hash.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
          && compact(put.subjectId())) {
        return new Entry(
            put.subjectId(),
            false,
            put.revision(),
            HexFormat.fromHexDigitsToLong(hash, 0, 16),
            HexFormat.fromHexDigitsToLong(hash, 16, 32),
            spec,
            configuredAt);
      }
      return new Unusual(put.subjectId(), put.revision(), hash, spec, configuredAt);
    }

    private static char count(int count) {
      return (char) Math.min(count, Character.MAX_VALUE);
    }

    String hash() {
      return HEX.toHexDigits(hashHigh) + HEX.toHexDigits(hashLow);
    }

    RunningSubject subject(String subjectId) {
      return new RunningSubject(subjectId, revision, hash());
    }

    Spec spec() {
      boolean trunk = (flags & TRUNK) != 0;
      return new Spec(
          trunk,
          trunk ? name : null,
          trunk ? null : name,
          (flags & BGP) != 0,
          md5Digest,
          restart,
          staticRoutes,
          advertised,
          (flags & ACCEPTS) != 0);
    }

    Instant configuredAt() {
      return Instant.ofEpochSecond(0, configuredAt);
    }

    Entry since(Instant at) {
      return new Entry(subjectId(), false, revision, hashHigh, hashLow, spec(), at);
    }
  }

  /** An entry of a digest of another form than {@link #rendered}'s or of an id kept as text. */
  private static final class Unusual extends Entry {
    private final String id;
    private final String hash;

    private Unusual(String subjectId, long revision, String hash, Spec spec, Instant configuredAt) {
      super(subjectId, true, revision, 0, 0, spec, configuredAt);
      this.id = subjectId;
      this.hash = hash;
    }

    @Override
    protected String idText() {
      return id;
    }

    @Override
    String hash() {
      return hash;
    }

    @Override
    Entry since(Instant at) {
      return new Unusual(id, super.revision, hash, spec(), at);
    }
  }

  /** A change the router was given and will run at {@code due}. */
  private record Scheduled(Instant due, List<Rendered> put, List<String> remove) {}

  SimulatedRouter(
      String routerId, InstantSource clock, SimulatedTimings timings, SimulatedNetwork network) {
    this.routerId = requireNonNull(routerId, "routerId");
    this.clock = requireNonNull(clock, "clock");
    this.timings = requireNonNull(timings, "timings");
    this.network = requireNonNull(network, "network");
  }

  @Override
  public String kind() {
    return "simulated";
  }

  @Override
  public Map<String, String> settings() {
    return Map.of();
  }

  // Rendering: a canonical text of everything the simulated router uses.

  @Override
  public Rendered renderHeader(RouterHeader desired) {
    StringBuilder text = new StringBuilder();
    text.append("router ").append(desired.router().id()).append('\n');
    text.append("router-id ").append(desired.router().routerIdAddress()).append('\n');
    text.append("announce ").append(join(desired.router().announcedPrefixes())).append('\n');
    for (NetworkFault fault : desired.faults()) {
      text.append("fault ")
          .append(fault.kind())
          .append(' ')
          .append(escape(fault.target()))
          .append(' ')
          .append(escape(fault.reason()))
          .append('\n');
    }
    return rendered(RouterHeader.SUBJECT_ID, 0, text.toString(), List.of());
  }

  @Override
  public Rendered render(RouterHeader desired, SubjectIntent subject) {
    StringBuilder text = new StringBuilder();
    List<String> secrets = new ArrayList<>();
    switch (subject) {
      case TrunkIntent trunk -> {
        text.append("trunk ").append(trunk.trunkId()).append('\n');
        text.append("joint ").append(trunk.joint()).append('\n');
        text.append("interface ").append(trunk.interfaceName().orElse("-")).append('\n');
        text.append("ports ")
            .append(trunk.ports().stream().map(p -> p.kernelInterface()).collect(joining()))
            .append('\n');
      }
      case SessionIntent session -> {
        text.append("session ").append(session.attachmentId()).append('\n');
        text.append("kind ").append(session.kind()).append('\n');
        text.append("parent ").append(session.parentInterface().orElse("-")).append('\n');
        text.append("vlan ").append(session.vlan().map(Object::toString).orElse("-")).append('\n');
        text.append("subnet ").append(session.peering().subnet()).append('\n');
        text.append("local ")
            .append(session.peering().cloudIp())
            .append(" as ")
            .append(session.peering().cloudAsn())
            .append('\n');
        text.append("peer ")
            .append(session.peering().peerIp())
            .append(" as ")
            .append(session.peering().peerAsn().map(Object::toString).orElse("-"))
            .append('\n');
        Optional<String> key = session.peering().md5Key().map(k -> k.reveal());
        key.ifPresent(secrets::add);
        text.append("md5 ").append(key.map(SimulatedRouter::escape).orElse("-")).append('\n');
        text.append("static ").append(join(session.staticRoutes())).append('\n');
        text.append("mtu ").append(session.routing().mtu()).append('\n');
        text.append("advertise ").append(join(session.routing().advertisedPrefixes())).append('\n');
        text.append("accepts ").append(session.routing().acceptsRoutes()).append('\n');
        text.append("accepted ").append(join(session.acceptedPrefixes())).append('\n');
      }
    }
    return rendered(subject.subjectId(), subject.revision(), text.toString(), secrets);
  }

  /**
   * The rendered subject, with its digest: SHA-256 of the text cut to 128 bits, in 32 lower-case
   * hex digits (all a router compares it for is whether it runs this very text; an entry keeps it
   * in two longs).
   */
  private static Rendered rendered(String id, long revision, String text, List<String> secrets) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      String hash = HexFormat.of().formatHex(digest, 0, 16);
      return new Rendered(
          id, revision, hash, List.of(new Artifact("simulated/" + id, text, secrets)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static String join(Collection<?> items) {
    return items.isEmpty() ? "-" : items.stream().map(Object::toString).collect(joining());
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(",");
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        out.append(next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  // Reading back.

  @Override
  public Optional<RunningSubject> running(String subjectId) {
    synchronized (lock) {
      settle(clock.instant());
      if (subjectId.equals(RouterHeader.SUBJECT_ID)) {
        return header;
      }
      Entry entry = running.get(subjectId);
      if (entry == null) {
        return Optional.empty();
      }
      RunningSubject subject = entry.subject(subjectId);
      if (drifts.get(subjectId) == Drift.CONFIG_EDITED) {
        return Optional.of(
            new RunningSubject(subjectId, subject.revision(), "edited:" + subject.hash()));
      }
      return Optional.of(subject);
    }
  }

  @Override
  public Set<String> runningSubjects() {
    synchronized (lock) {
      settle(clock.instant());
      return Set.copyOf(running.ids());
    }
  }

  @Override
  public void forEachRunning(Consumer<String> action) {
    List<Entry> entries;
    synchronized (lock) {
      settle(clock.instant());
      entries = running.rows();
    }
    entries.forEach(entry -> action.accept(entry.subjectId()));
  }

  // Applying.

  @Override
  public ApplyResult apply(ChangeSet changes) {
    synchronized (lock) {
      Instant now = clock.instant();
      settle(now);
      changes.header().ifPresent(this::takeHeader);
      if (changes.put().isEmpty() && changes.remove().isEmpty()) {
        return new ApplyResult.Applied();
      }
      Optional<NetworkFault> refusal =
          faults.stream()
              .filter(f -> f.kind() == FaultKind.REFUSAL && f.target().equals(routerId))
              .findFirst();
      if (refusal.isPresent()) {
        return new ApplyResult.Refused(refusal.get().reason());
      }
      Optional<String> missing = missingParent(changes);
      if (missing.isPresent()) {
        return new ApplyResult.Refused(missing.get());
      }
      queue.add(new Scheduled(now.plus(timings.apply()), changes.put(), changes.remove()));
      settle(now);
      return timings.apply().isZero() ? new ApplyResult.Applied() : new ApplyResult.Accepted();
    }
  }

  /**
   * Returns why a session of {@code changes} cannot be made, if one rides on an interface the
   * router does not have: no trunk it runs, is about to run, or is given in the same change has it.
   */
  private Optional<String> missingParent(ChangeSet changes) {
    java.util.Set<String> present = new java.util.HashSet<>(interfaces.keySet());
    for (Scheduled scheduled : queue) {
      for (Rendered put : scheduled.put()) {
        spec(put).trunkInterface().ifPresent(present::add);
      }
    }
    List<Spec> specs = new ArrayList<>();
    for (Rendered put : changes.put()) {
      Spec spec = spec(put);
      spec.trunkInterface().ifPresent(present::add);
      specs.add(spec);
    }
    for (int i = 0; i < specs.size(); i++) {
      Optional<String> parent = specs.get(i).parent();
      if (parent.isPresent() && !present.contains(parent.get())) {
        return Optional.of(
            changes.put().get(i).subjectId()
                + ": the router has no interface "
                + parent.get()
                + " to make its VLAN on");
      }
    }
    return Optional.empty();
  }

  /** Faults and announcements are the operator's state: a new header takes effect at once. */
  private void takeHeader(Rendered rendered) {
    header = Optional.of(rendered.asRunning());
    List<NetworkFault> parsed = new ArrayList<>();
    int announcements = 0;
    for (String line : rendered.artifacts().get(0).content().split("\n")) {
      if (line.startsWith("fault ")) {
        String[] parts = line.split(" ", 4);
        parsed.add(
            new NetworkFault(
                routerId,
                FaultKind.valueOf(parts[1]),
                unescape(parts[2]),
                parts.length > 3 ? unescape(parts[3]) : ""));
      } else if (line.startsWith("announce ") && !line.equals("announce -")) {
        announcements = line.substring("announce ".length()).split(",").length;
      }
    }
    faults = List.copyOf(parsed);
    announced = announcements;
  }

  /** Runs every change whose time has come, in the order they were given. */
  private void settle(Instant now) {
    while (!queue.isEmpty() && !queue.peekFirst().due().isAfter(now)) {
      Scheduled change = queue.pollFirst();
      for (Rendered put : change.put()) {
        Spec spec = spec(put);
        Entry before = running.get(put.subjectId());
        boolean keeps =
            before != null
                && before.spec().sameRestartKey(spec)
                && !drifts.containsKey(put.subjectId());
        Instant since = keeps ? before.configuredAt() : change.due();
        running.put(Entry.of(put, spec, since));
        drifts.remove(put.subjectId());
        spec.trunkInterface().ifPresent(i -> interfaces.put(i, since));
      }
      for (String id : change.remove()) {
        Entry removed = running.remove(id);
        drifts.remove(id);
        if (removed != null) {
          removed.spec().trunkInterface().ifPresent(interfaces::remove);
        }
      }
    }
  }

  // Observing.

  @Override
  public Map<String, SubjectState> observe(Collection<String> subjectIds) {
    synchronized (lock) {
      Instant now = clock.instant();
      settle(now);
      Map<String, SubjectState> states = new HashMap<>();
      for (String id : subjectIds) {
        Entry entry = running.get(id);
        if (entry != null) {
          states.put(id, state(id, entry, now));
        }
      }
      return states;
    }
  }

  private SubjectState state(String id, Entry entry, Instant now) {
    Spec spec = entry.spec();
    if (spec.trunk()) {
      return new SubjectState(id, Optional.of(trunkLink(id, spec, entry, now)), Optional.empty());
    }
    Instant linkUpAt = entry.configuredAt();
    LinkObservation link;
    Drift drift = drifts.get(id);
    if (drift == Drift.LINK_DELETED) {
      link = new LinkObservation(false, "NotFound", "the sub-interface is missing");
    } else if (drift == Drift.LINK_DOWN) {
      link = new LinkObservation(false, "AdminDown", "the sub-interface is set down");
    } else if (drift == Drift.ADDRESS_REMOVED) {
      link = new LinkObservation(false, "AddressMissing", "the provider's address is missing");
    } else if (spec.parent().isEmpty()) {
      link = new LinkObservation(true, "LinkUp", "");
    } else {
      String parent = spec.parent().get();
      Instant parentSince = interfaces.get(parent);
      Optional<String> fault = linkFault(parent);
      if (parentSince == null) {
        link = new LinkObservation(false, "NotConfigured", "interface " + parent + " is not up");
      } else if (fault.isPresent()) {
        link = new LinkObservation(false, "Fault", fault.get());
      } else if (now.isBefore(parentSince.plus(timings.linkUp()))) {
        link = new LinkObservation(false, "NoLight", "waiting for the cross-connect");
      } else {
        link = new LinkObservation(true, "LinkUp", "");
        Instant parentUp = parentSince.plus(timings.linkUp());
        linkUpAt = parentUp.isAfter(linkUpAt) ? parentUp : linkUpAt;
      }
    }
    if (!spec.bgp()) {
      return new SubjectState(id, Optional.of(link), Optional.empty());
    }
    return new SubjectState(
        id, Optional.of(link), Optional.of(session(id, entry, link, linkUpAt, now)));
  }

  private LinkObservation trunkLink(String id, Spec spec, Entry entry, Instant now) {
    if (spec.trunkInterface().isEmpty()) {
      return new LinkObservation(true, "LinkUp", "the partner hands the VLANs over");
    }
    Optional<String> fault = linkFault(spec.trunkInterface().get());
    if (fault.isPresent()) {
      return new LinkObservation(false, "Fault", fault.get());
    }
    if (drifts.get(id) == Drift.LINK_DELETED) {
      return new LinkObservation(false, "NotFound", "the interface is missing");
    }
    if (drifts.get(id) == Drift.LINK_DOWN) {
      return new LinkObservation(false, "AdminDown", "the interface is set down");
    }
    if (now.isBefore(entry.configuredAt().plus(timings.linkUp()))) {
      return new LinkObservation(false, "NoLight", "waiting for the cross-connect");
    }
    return new LinkObservation(true, "LinkUp", "");
  }

  private BgpObservation session(
      String id, Entry entry, LinkObservation link, Instant linkUpAt, Instant now) {
    Spec spec = entry.spec();
    if (drifts.get(id) == Drift.PROTOCOL_DISABLED) {
      return new BgpObservation("Down", entry.configuredAt(), "the protocol is disabled", 0, 0);
    }
    Optional<String> fault =
        faults.stream()
            .filter(f -> f.kind() == FaultKind.SESSION && f.target().equals(id))
            .map(NetworkFault::reason)
            .findFirst();
    if (fault.isPresent()) {
      return new BgpObservation("Active", entry.configuredAt(), fault.get(), 0, 0);
    }
    if (!link.up()) {
      return new BgpObservation("Idle", entry.configuredAt(), "link down: " + link.reason(), 0, 0);
    }
    Optional<Optional<String>> customer = network.customerKey(id);
    if (customer.isPresent() && !spec.md5Matches(customer.get())) {
      return new BgpObservation(
          "Connect",
          entry.configuredAt(),
          "the peer does not answer: its TCP MD5 signatures do not match this session's key",
          0,
          0);
    }
    Instant establishedAt = linkUpAt.plus(timings.bgpEstablish());
    if (now.isBefore(establishedAt)) {
      return new BgpObservation("Connect", entry.configuredAt(), "", 0, 0);
    }
    return new BgpObservation(
        BgpObservation.ESTABLISHED,
        establishedAt,
        "",
        spec.accepts() ? Math.max(1, spec.staticRoutes()) : 0,
        announced + spec.advertised());
  }

  private Optional<String> linkFault(String interfaceName) {
    return faults.stream()
        .filter(f -> f.kind() == FaultKind.LINK && f.target().equals(interfaceName))
        .map(NetworkFault::reason)
        .findFirst();
  }

  // Drift.

  /** Changes subject {@code subjectId} on the router behind Junction's back. */
  public void tamper(String subjectId, Drift drift) {
    synchronized (lock) {
      settle(clock.instant());
      if (!running.contains(subjectId)) {
        throw new IllegalArgumentException("subjectId: " + subjectId + " (expected: one it runs)");
      }
      drifts.put(subjectId, drift);
    }
  }

  @Override
  public List<Repair> repair() {
    synchronized (lock) {
      Instant now = clock.instant();
      settle(now);
      List<Repair> repairs = new ArrayList<>();
      for (Map.Entry<String, Drift> drift : drifts.entrySet()) {
        String id = drift.getKey();
        Entry entry = running.get(id);
        switch (drift.getValue()) {
          case CONFIG_EDITED ->
              repairs.add(new Repair(id, "its configuration had been edited; restored it"));
          case PROTOCOL_DISABLED ->
              repairs.add(new Repair(id, "its BGP protocol had been disabled; enabled it"));
          case LINK_DELETED, LINK_DOWN, ADDRESS_REMOVED -> {
            repairs.add(
                new Repair(
                    id,
                    switch (drift.getValue()) {
                      case LINK_DELETED -> "its link had been deleted; made it again";
                      case LINK_DOWN -> "its link had been set down; set it up";
                      default -> "its address had been removed; put it back";
                    }));
            if (entry != null) {
              running.put(entry.since(now));
              entry.spec().trunkInterface().ifPresent(i -> interfaces.put(i, now));
            }
          }
        }
      }
      drifts.clear();
      return repairs;
    }
  }

  @Override
  public void close() {}

  /**
   * Returns what the router uses of {@code put}, with its interface names shared with the router's
   * other subjects (a trunk's thousands of sessions name the same parent).
   */
  private Spec spec(Rendered put) {
    Spec parsed = Spec.parse(put.artifacts().get(0).content());
    String iface = parsed.iface() == null ? null : names.computeIfAbsent(parsed.iface(), n -> n);
    String parent =
        parsed.parentName() == null ? null : names.computeIfAbsent(parsed.parentName(), n -> n);
    return new Spec(
        parsed.trunk(),
        iface,
        parent,
        parsed.bgp(),
        parsed.md5Digest(),
        parsed.restart(),
        parsed.staticRoutes(),
        parsed.advertised(),
        parsed.accepts());
  }

  /**
   * What the simulated router uses of a rendered subject, compact: the MD5 key and the lines whose
   * change restarts a session are kept as digests (SHA-256, cut to 64 bits), which is all the
   * router compares them for (a change of either, undetected once in 2^64, would not restart a
   * simulated session).
   *
   * @param md5Digest 0 without a key
   */
  private record Spec(
      boolean trunk,
      String iface,
      String parentName,
      boolean bgp,
      long md5Digest,
      long restart,
      int staticRoutes,
      int advertised,
      boolean accepts) {
    private static final Set<String> RESTARTS =
        Set.of("parent", "vlan", "subnet", "local", "peer", "md5");

    Optional<String> trunkInterface() {
      return Optional.ofNullable(iface);
    }

    Optional<String> parent() {
      return Optional.ofNullable(parentName);
    }

    boolean sameRestartKey(Spec other) {
      return restart == other.restart;
    }

    /** Returns whether the customer's key {@code key} (empty: none) is this session's. */
    boolean md5Matches(Optional<String> key) {
      return key.map(Spec::md5DigestOf).orElse(0L) == md5Digest;
    }

    static Spec parse(String text) {
      Map<String, String> lines = new HashMap<>();
      StringBuilder restart = new StringBuilder();
      for (String line : text.split("\n")) {
        int space = line.indexOf(' ');
        String key = space < 0 ? line : line.substring(0, space);
        String value = space < 0 ? "" : line.substring(space + 1);
        lines.put(key, value);
        if (RESTARTS.contains(key)) {
          restart.append(line).append('\n');
        }
      }
      boolean trunk = lines.containsKey("trunk");
      Optional<String> iface = present(lines.get("interface"));
      String peer = lines.getOrDefault("peer", "");
      byte[] restartDigest = sha256(restart.toString());
      return new Spec(
          trunk,
          trunk ? iface.orElse(null) : null,
          trunk ? null : present(lines.get("parent")).orElse(null),
          !trunk && !peer.endsWith(" as -"),
          present(lines.get("md5"))
              .map(SimulatedRouter::unescape)
              .map(Spec::md5DigestOf)
              .orElse(0L),
          longAt(restartDigest, 0),
          count(lines.get("static")),
          count(lines.get("advertise")),
          Boolean.parseBoolean(lines.getOrDefault("accepts", "true")));
    }

    /** A key's digest; never 0, which stands for no key. */
    private static long md5DigestOf(String key) {
      long digest = longAt(sha256("md5 " + key), 0);
      return digest == 0 ? 1 : digest;
    }

    private static byte[] sha256(String text) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JDK", e);
      }
    }

    private static long longAt(byte[] bytes, int offset) {
      long value = 0;
      for (int i = offset; i < offset + 8; i++) {
        value = (value << 8) | (bytes[i] & 0xff);
      }
      return value;
    }

    private static Optional<String> present(String value) {
      return value == null || value.equals("-") ? Optional.empty() : Optional.of(value);
    }

    private static int count(String list) {
      return list == null || list.equals("-") ? 0 : list.split(",").length;
    }
  }
}
