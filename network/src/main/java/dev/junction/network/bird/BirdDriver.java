package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.LinkObservation;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SubjectIntent;
import dev.junction.network.ApplyResult;
import dev.junction.network.Artifact;
import dev.junction.network.ChangeSet;
import dev.junction.network.Rendered;
import dev.junction.network.Repair;
import dev.junction.network.RouterDriver;
import dev.junction.network.RunningSubject;
import dev.junction.network.SubjectState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Drives one BIRD 2 router: Junction owns its configuration directory ({@code bird.conf}, {@code
 * sessions/*.conf}, {@code links/*.link}; BIRD is started with {@code -c <dir>/bird.conf}), talks
 * to BIRD over its control socket, and makes the router's links with iproute2, in the router's
 * network namespace if it has one.
 *
 * <p>{@link #apply} writes the changed files aside, has BIRD check them ({@code configure check}),
 * makes the links, puts the files in place and reconfigures BIRD ({@code configure}, never a
 * restart); if the check, a link or the reconfiguration fails, it puts the previous files and links
 * back and returns {@link ApplyResult.Refused} with BIRD's or iproute2's own words. It then waits
 * until {@code show protocols} confirms every protocol put is there and every one removed is gone.
 * The check covers the header and the changed files only ({@link CheckScope#CHANGED}), unless the
 * header changes: a full check costs as much as the reconfiguration itself, and {@code configure}
 * keeps the running configuration when the new one does not parse.
 *
 * <p>If BIRD does not answer {@code configure} in time, the change is refused and the files put
 * back, but BIRD may still load the new ones; the next {@link #repair()} reconfigures it from the
 * files so that it runs what they say.
 *
 * <p>What the router runs is read back from the files: each carries a stamp with its subject,
 * revision and digest, and the digest is computed again from the text on disk, so an edit behind
 * Junction's back shows as a different hash. Many MD5 keys need the namespace's {@code
 * net.core.optmem_max} raised (about 960 keys fit in the default 128 KiB).
 */
public final class BirdDriver implements RouterDriver {
  private static final System.Logger LOG = System.getLogger(BirdDriver.class.getName());
  private static final String CHECK_FILE = ".junction-check.conf";
  private static final Duration POLL = Duration.ofMillis(20);
  private static final int FEW_PROTOCOLS = 32;

  /** Which configuration BIRD checks before a change is applied. */
  public enum CheckScope {
    /** The header and the changed files; a header change is checked in full. */
    CHANGED,
    /** The header and every file, as they will be. */
    FULL
  }

  private final ConfigDirectory dir;
  private final BirdControl bird;
  private final Iproute kernel;
  private final LinkLayer links;
  private final BirdRenderer renderer;
  private final CheckScope checkScope;
  private final Duration configureTimeout;
  private final Duration confirmTimeout;
  private final Map<String, AppliedSubject> applied = new HashMap<>();
  private final Map<String, Map<String, ConfigDirectory.FileStat>> stats = new HashMap<>();
  private final Map<String, String> md5Suspicions = new HashMap<>();
  private @Nullable Md5Counters md5Baseline;
  private boolean reconfigureOwed;

  private BirdDriver(Builder builder) {
    this.dir = new ConfigDirectory(builder.configDir);
    this.bird = new BirdControl(builder.controlSocket, builder.commandTimeout);
    this.kernel = new Iproute(new ProcessRunner(builder.commandTimeout), builder.namespace);
    this.links = builder.linkLayer;
    this.renderer = new BirdRenderer(builder.settings);
    this.checkScope = builder.checkScope;
    this.configureTimeout = builder.configureTimeout;
    this.confirmTimeout = builder.confirmTimeout;
    try {
      load();
    } catch (IOException e) {
      bird.close();
      throw new UncheckedIOException("cannot read " + dir.root() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns a builder of a driver for the BIRD router configured in {@code configDir} and
   * controlled through {@code controlSocket}.
   */
  public static Builder builder(Path configDir, Path controlSocket) {
    return new Builder(configDir, controlSocket);
  }

  /** Builds a {@link BirdDriver}. */
  public static final class Builder {
    private final Path configDir;
    private final Path controlSocket;
    private Optional<String> namespace = Optional.empty();
    private LinkLayer linkLayer = LinkLayer.vlan();
    private BirdSettings settings = BirdSettings.defaults();
    private CheckScope checkScope = CheckScope.CHANGED;
    private Duration commandTimeout = Duration.ofSeconds(10);
    private Duration configureTimeout = Duration.ofMinutes(2);
    private Duration confirmTimeout = Duration.ofSeconds(10);

    private Builder(Path configDir, Path controlSocket) {
      this.configDir = requireNonNull(configDir, "configDir");
      this.controlSocket = requireNonNull(controlSocket, "controlSocket");
    }

    /** Runs iproute2 in network namespace {@code namespace} ({@code ip -n}); none by default. */
    public Builder namespace(String namespace) {
      this.namespace = Optional.of(requireNonNull(namespace, "namespace"));
      return this;
    }

    /** Makes links with {@code linkLayer}; 802.1Q ({@link LinkLayer#vlan()}) by default. */
    public Builder linkLayer(LinkLayer linkLayer) {
      this.linkLayer = requireNonNull(linkLayer, "linkLayer");
      return this;
    }

    /** Renders with {@code settings}; {@link BirdSettings#defaults()} by default. */
    public Builder settings(BirdSettings settings) {
      this.settings = requireNonNull(settings, "settings");
      return this;
    }

    /** Checks changes with {@code scope}; {@link CheckScope#CHANGED} by default. */
    public Builder checkScope(CheckScope scope) {
      this.checkScope = requireNonNull(scope, "scope");
      return this;
    }

    /** Gives up on a control socket command or an {@code ip} command after {@code timeout}. */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = positive("commandTimeout", timeout);
      return this;
    }

    /** Gives up on BIRD's {@code configure} (and its check) after {@code timeout}. */
    public Builder configureTimeout(Duration timeout) {
      this.configureTimeout = positive("configureTimeout", timeout);
      return this;
    }

    /**
     * Waits at most {@code timeout} for {@code show protocols} to confirm a change; a change not
     * confirmed by then is {@link ApplyResult.Accepted}.
     */
    public Builder confirmTimeout(Duration timeout) {
      this.confirmTimeout = positive("confirmTimeout", timeout);
      return this;
    }

    /**
     * Returns the driver; it reads back what the directory holds.
     *
     * @throws UncheckedIOException if the directory cannot be read
     */
    public BirdDriver build() {
      return new BirdDriver(this);
    }

    private static Duration positive(String name, Duration value) {
      requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
      }
      return value;
    }
  }

  @Override
  public String kind() {
    return "bird";
  }

  @Override
  public Map<String, String> settings() {
    return renderer.settings();
  }

  @Override
  public Rendered renderHeader(RouterHeader header) {
    return renderer.renderHeader(header);
  }

  @Override
  public Rendered render(RouterHeader header, SubjectIntent subject) {
    return renderer.render(header, subject);
  }

  /**
   * Writes the rendered header to a directory that has none yet, so that BIRD can be started on it
   * ({@code bird -c <dir>/bird.conf}); returns false, and writes nothing, if it has one.
   */
  @Override
  public synchronized boolean prepare(RouterHeader header) {
    try {
      dir.createLayout();
      if (applied.containsKey(RouterHeader.SUBJECT_ID)) {
        return false;
      }
      Rendered rendered = renderer.renderHeader(header);
      for (Artifact artifact : rendered.artifacts()) {
        dir.write(artifact.name(), artifact.content());
      }
      dir.sync();
      record(AppliedSubject.of(rendered));
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the header: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Optional<RunningSubject> running(String subjectId) {
    requireNonNull(subjectId, "subjectId");
    AppliedSubject subject = applied.get(subjectId);
    if (subject == null) {
      return Optional.empty();
    }
    try {
      if (unchangedOnDisk(subject)) {
        return Optional.of(subject.running());
      }
      return onDisk(subject).map(AppliedSubject::running);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + subjectId + "'s files: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Set<String> runningSubjects() {
    Set<String> ids = new HashSet<>(applied.keySet());
    ids.remove(RouterHeader.SUBJECT_ID);
    return Set.copyOf(ids);
  }

  @Override
  public synchronized ApplyResult apply(ChangeSet changes) {
    requireNonNull(changes, "changes");
    List<Change> plan;
    try {
      plan = plan(changes);
    } catch (IOException e) {
      return refuse("cannot read the router's files: " + e.getMessage(), changes);
    }
    if (plan.isEmpty()) {
      return new ApplyResult.Applied();
    }
    for (Change change : plan) {
      Optional<String> refusal = change.after().flatMap(AppliedSubject::refusal);
      if (refusal.isPresent()) {
        return refuse(change.subjectId() + ": " + refusal.get(), changes);
      }
      Optional<String> unmakeable =
          change.after().flatMap(AppliedSubject::linkPlan).flatMap(links::cannotMake);
      if (unmakeable.isPresent()) {
        return refuse(change.subjectId() + ": " + unmakeable.get(), changes);
      }
    }
    boolean birdChanges = plan.stream().anyMatch(Change::changesBird);
    if (birdChanges && header(plan).isEmpty()) {
      return refuse("the router has no header yet: apply the header first", changes);
    }

    long started = System.nanoTime();
    long[] marks = new long[4];
    Map<String, Path> staged = new LinkedHashMap<>();
    List<LinkStep> doneLinks = List.of();
    Map<String, Optional<String>> previous = new LinkedHashMap<>();
    boolean committed = false;
    try {
      dir.createLayout();
      for (Change change : plan) {
        for (Map.Entry<String, String> file : change.afterFiles().entrySet()) {
          if (!file.getValue().equals(change.beforeFiles().get(file.getKey()))
              || !unchangedOnDisk(change.before())) {
            staged.put(file.getKey(), dir.stage(file.getKey(), file.getValue()));
          }
        }
      }
      if (birdChanges) {
        Optional<String> refused = check(plan, staged, changes);
        if (refused.isPresent()) {
          return refuse(refused.get(), changes);
        }
      }

      marks[0] = System.nanoTime();
      List<LinkStep> steps = linkSteps(plan);
      LinkOutcome outcome = runLinks(steps);
      doneLinks = outcome.done();
      if (outcome.failure().isPresent()) {
        undoLinks(doneLinks);
        return refuse(outcome.failure().get(), changes);
      }

      for (Change change : plan) {
        Set<String> names = new LinkedHashSet<>(change.beforeFiles().keySet());
        names.addAll(change.afterFiles().keySet());
        for (String name : names) {
          if (staged.containsKey(name) || !change.afterFiles().containsKey(name)) {
            previous.put(name, dir.read(name));
          }
        }
      }
      marks[1] = System.nanoTime();
      committed = true;
      for (Map.Entry<String, Path> file : staged.entrySet()) {
        dir.commit(file.getValue(), file.getKey());
      }
      staged.clear();
      for (Change change : plan) {
        for (String name : change.beforeFiles().keySet()) {
          if (!change.afterFiles().containsKey(name)) {
            dir.delete(name);
          }
        }
      }
      dir.sync();
      marks[2] = System.nanoTime();

      if (birdChanges) {
        reconfigureOwed = true;
        BirdReply reply =
            bird.send(
                "configure \"" + dir.resolve(BirdRenderer.MAIN_FILE) + "\"", configureTimeout);
        reconfigureOwed = false;
        if (reply.isError()) {
          restore(previous);
          undoLinks(doneLinks);
          return refuse(
              "BIRD refused the new configuration: " + relative(reply.finalText()), changes);
        }
      }
      marks[3] = System.nanoTime();
    } catch (IOException e) {
      staged.values().forEach(ConfigDirectory::discard);
      if (committed) {
        restore(previous);
      }
      undoLinks(doneLinks);
      return refuse("the change failed: " + relative(String.valueOf(e.getMessage())), changes);
    } finally {
      staged.values().forEach(ConfigDirectory::discard);
      ConfigDirectory.discard(dir.root().resolve(CHECK_FILE));
    }

    for (Change change : plan) {
      change.after().ifPresentOrElse(this::record, () -> forget(change.subjectId()));
      md5Suspicions.remove(change.subjectId());
    }
    boolean confirmed = !birdChanges || confirm(plan);
    long done = System.nanoTime();
    LOG.log(
        System.Logger.Level.DEBUG,
        () ->
            String.format(
                java.util.Locale.ROOT,
                "applied %d subjects in %.1f ms: check %.1f, links %.1f, files %.1f,"
                    + " configure %.1f, confirm %.1f",
                plan.size(),
                (done - started) / 1e6,
                (marks[0] - started) / 1e6,
                (marks[1] - marks[0]) / 1e6,
                (marks[2] - marks[1]) / 1e6,
                (marks[3] - marks[2]) / 1e6,
                (done - marks[3]) / 1e6));
    if (!confirmed) {
      LOG.log(
          System.Logger.Level.WARNING,
          "BIRD did not confirm the change within {0} ms; reporting it accepted",
          confirmTimeout.toMillis());
      return new ApplyResult.Accepted();
    }
    return new ApplyResult.Applied();
  }

  @Override
  public synchronized Map<String, SubjectState> observe(Collection<String> subjectIds) {
    requireNonNull(subjectIds, "subjectIds");
    List<AppliedSubject> subjects = new ArrayList<>();
    for (String id : new LinkedHashSet<>(subjectIds)) {
      AppliedSubject subject = applied.get(id);
      if (subject != null && !id.equals(RouterHeader.SUBJECT_ID)) {
        subjects.add(subject);
      }
    }
    if (subjects.isEmpty()) {
      return Map.of();
    }
    try {
      Map<String, KernelLink> kernelLinks =
          subjects.stream().anyMatch(s -> s.linkPlan().flatMap(LinkPlan::interfaceName).isPresent())
              ? kernel.links()
              : Map.of();
      List<String> bgpNames =
          subjects.stream().map(AppliedSubject::bgpProtocol).flatMap(Optional::stream).toList();
      Map<String, ProtocolStatus> protocols = protocols(bgpNames, true);
      noteMd5Evidence(subjects, protocols);
      Map<String, SubjectState> states = new LinkedHashMap<>();
      for (AppliedSubject subject : subjects) {
        Optional<LinkObservation> link =
            subject.linkPlan().flatMap(plan -> observeLink(plan, kernelLinks));
        Optional<BgpObservation> bgp =
            subject.bgpProtocol().map(name -> observeBgp(subject, name, protocols.get(name)));
        states.put(subject.subjectId(), new SubjectState(subject.subjectId(), link, bgp));
      }
      return Map.copyOf(states);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot observe the router: " + redact(e.getMessage()), e);
    }
  }

  @Override
  public synchronized List<Repair> repair() {
    List<Repair> repairs = new ArrayList<>();
    try {
      repairLinks(repairs);
      boolean rewritten = repairFiles(repairs);
      repairProtocols(repairs, rewritten);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot repair the router: " + redact(e.getMessage()), e);
    }
    return List.copyOf(repairs);
  }

  @Override
  public synchronized void close() {
    bird.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Reading back

  private void load() throws IOException {
    Map<String, Stamp> stamps = new HashMap<>();
    Map<String, SortedMap<String, String>> bySubject = new HashMap<>();
    for (String name : dir.list()) {
      if (!ConfigDirectory.isValidName(name)) {
        continue;
      }
      Optional<String> content = dir.read(name);
      Optional<Stamp> stamp = content.flatMap(Stamp::read);
      if (content.isEmpty() || stamp.isEmpty()) {
        continue;
      }
      stamps.putIfAbsent(stamp.get().subjectId(), stamp.get());
      bySubject
          .computeIfAbsent(stamp.get().subjectId(), id -> new TreeMap<>())
          .put(name, content.get());
    }
    for (Map.Entry<String, SortedMap<String, String>> subject : bySubject.entrySet()) {
      record(AppliedSubject.fromDisk(stamps.get(subject.getKey()), subject.getValue()));
    }
  }

  private void record(AppliedSubject subject) {
    applied.put(subject.subjectId(), subject);
    Map<String, ConfigDirectory.FileStat> fileStats = new HashMap<>();
    for (String name : subject.files().keySet()) {
      try {
        dir.stat(name).ifPresent(stat -> fileStats.put(name, stat));
      } catch (IOException e) {
        // Without a stat, the next read-back reads the file itself.
      }
    }
    stats.put(subject.subjectId(), fileStats);
  }

  private void forget(String subjectId) {
    applied.remove(subjectId);
    stats.remove(subjectId);
    md5Suspicions.remove(subjectId);
  }

  /** Returns whether the subject's files are as the driver last wrote or read them. */
  private boolean unchangedOnDisk(Optional<AppliedSubject> subject) throws IOException {
    return subject.isEmpty() || unchangedOnDisk(subject.get());
  }

  private boolean unchangedOnDisk(AppliedSubject subject) throws IOException {
    Map<String, ConfigDirectory.FileStat> known = stats.getOrDefault(subject.subjectId(), Map.of());
    for (String name : subject.files().keySet()) {
      Optional<ConfigDirectory.FileStat> now = dir.stat(name);
      if (now.isEmpty() || !now.get().equals(known.get(name))) {
        return false;
      }
    }
    return true;
  }

  /** Returns the subject as its files are on disk now, or empty if none of them is left. */
  private Optional<AppliedSubject> onDisk(AppliedSubject subject) throws IOException {
    SortedMap<String, String> files = new TreeMap<>();
    Stamp stamp = null;
    for (String name : subject.files().keySet()) {
      Optional<String> content = dir.read(name);
      if (content.isPresent()) {
        files.put(name, content.get());
        if (stamp == null) {
          stamp = Stamp.read(content.get()).orElse(null);
        }
      }
    }
    if (files.isEmpty()) {
      return Optional.empty();
    }
    if (stamp == null || !stamp.subjectId().equals(subject.subjectId())) {
      stamp = new Stamp(subject.subjectId(), subject.revision(), subject.renderer(), "");
    }
    return Optional.of(AppliedSubject.fromDisk(stamp, files));
  }

  // ---------------------------------------------------------------------------------------------
  // Applying

  /** One subject's change: its files before (as applied) and after (as rendered). */
  private record Change(
      String subjectId, Optional<AppliedSubject> before, Optional<AppliedSubject> after) {
    SortedMap<String, String> beforeFiles() {
      return before.map(AppliedSubject::files).orElse(new TreeMap<>());
    }

    SortedMap<String, String> afterFiles() {
      return after.map(AppliedSubject::files).orElse(new TreeMap<>());
    }

    boolean isHeader() {
      return subjectId.equals(RouterHeader.SUBJECT_ID);
    }

    /** Returns whether BIRD's configuration changes: a .conf file differs. */
    boolean changesBird() {
      Set<String> names = new HashSet<>(beforeFiles().keySet());
      names.addAll(afterFiles().keySet());
      for (String name : names) {
        if (name.endsWith(".conf")
            && !java.util.Objects.equals(beforeFiles().get(name), afterFiles().get(name))) {
          return true;
        }
      }
      return false;
    }
  }

  private List<Change> plan(ChangeSet changes) throws IOException {
    List<Change> plan = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<Rendered> puts = new ArrayList<>();
    changes.header().ifPresent(puts::add);
    puts.addAll(changes.put());
    for (Rendered rendered : puts) {
      boolean isHeader = changes.header().isPresent() && rendered == changes.header().get();
      if (isHeader != rendered.subjectId().equals(RouterHeader.SUBJECT_ID)) {
        throw new IllegalArgumentException(
            "subjectId: "
                + rendered.subjectId()
                + " (expected: "
                + RouterHeader.SUBJECT_ID
                + " for the header only)");
      }
      if (!seen.add(rendered.subjectId())) {
        throw new IllegalArgumentException(
            "subjectId: " + rendered.subjectId() + " (expected: once per change)");
      }
      for (Artifact artifact : rendered.artifacts()) {
        if (!ConfigDirectory.isValidName(artifact.name())) {
          throw new IllegalArgumentException(
              "artifact: " + artifact.name() + " (expected: a file the BIRD renderer names)");
        }
      }
      Optional<AppliedSubject> before = Optional.ofNullable(applied.get(rendered.subjectId()));
      AppliedSubject after = AppliedSubject.of(rendered);
      if (before.isPresent()
          && before.get().files().equals(after.files())
          && unchangedOnDisk(before.get())) {
        continue;
      }
      plan.add(new Change(rendered.subjectId(), before, Optional.of(after)));
    }
    for (String id : changes.remove()) {
      if (id.equals(RouterHeader.SUBJECT_ID) || !seen.add(id)) {
        throw new IllegalArgumentException(
            "remove: " + id + " (expected: a subject not put in the same change)");
      }
      AppliedSubject before = applied.get(id);
      if (before != null) {
        plan.add(new Change(id, Optional.of(before), Optional.empty()));
      }
    }
    return plan;
  }

  private Optional<String> header(List<Change> plan) {
    for (Change change : plan) {
      if (change.isHeader()) {
        return change.after().map(s -> s.files().get(BirdRenderer.MAIN_FILE));
      }
    }
    AppliedSubject header = applied.get(RouterHeader.SUBJECT_ID);
    return header == null
        ? Optional.empty()
        : Optional.ofNullable(header.files().get(BirdRenderer.MAIN_FILE));
  }

  /**
   * Has BIRD check the configuration as it will be: the header with the changed session files
   * (staged), or with every session file when the header changes or the scope is full. Returns why
   * BIRD refused it, if it did.
   */
  private Optional<String> check(List<Change> plan, Map<String, Path> staged, ChangeSet changes)
      throws IOException {
    boolean full = checkScope == CheckScope.FULL || plan.stream().anyMatch(Change::isHeader);
    String headerText = header(plan).orElseThrow();
    Path headerFile =
        staged.containsKey(BirdRenderer.MAIN_FILE)
            ? staged.get(BirdRenderer.MAIN_FILE)
            : dir.resolve(BirdRenderer.MAIN_FILE);
    List<Path> includes = new ArrayList<>();
    Set<String> changing = new HashSet<>();
    for (Change change : plan) {
      changing.addAll(change.beforeFiles().keySet());
      changing.addAll(change.afterFiles().keySet());
      for (String name : change.afterFiles().keySet()) {
        if (name.endsWith(".conf") && !name.equals(BirdRenderer.MAIN_FILE)) {
          includes.add(staged.getOrDefault(name, dir.resolve(name)));
        }
      }
    }
    if (full) {
      for (AppliedSubject subject : applied.values()) {
        for (String name : subject.files().keySet()) {
          if (name.endsWith(".conf")
              && !name.equals(BirdRenderer.MAIN_FILE)
              && !changing.contains(name)) {
            includes.add(dir.resolve(name));
          }
        }
      }
    }
    StringBuilder text = new StringBuilder();
    for (String line : headerText.split("\n", -1)) {
      if (line.strip().equals(BirdRenderer.SESSIONS_INCLUDE)) {
        for (Path include : includes) {
          text.append("include \"").append(include).append("\";\n");
        }
      } else {
        text.append(line).append('\n');
      }
    }
    Path checkFile = dir.root().resolve(CHECK_FILE);
    ConfigDirectory.discard(checkFile);
    ConfigDirectory.writeNew(checkFile, text.toString(), true, false);
    BirdReply reply = bird.send("configure check \"" + checkFile + "\"", configureTimeout);
    if (!reply.isError()) {
      return Optional.empty();
    }
    String said = reply.finalText();
    for (Map.Entry<String, Path> file : staged.entrySet()) {
      said = said.replace(file.getValue().toString(), file.getKey());
    }
    said = said.replace(checkFile.toString(), BirdRenderer.MAIN_FILE);
    said = said.replace(headerFile.toString(), BirdRenderer.MAIN_FILE);
    return Optional.of("BIRD's check refused the change: " + relative(said));
  }

  /** One subject's link commands and the commands that undo them. */
  private record LinkStep(String subjectId, int phase, List<String> forward, List<String> undo) {}

  /** The steps that ran (fully or in part) and, if one failed, why. */
  private record LinkOutcome(List<LinkStep> done, Optional<String> failure) {}

  /**
   * Returns the link commands of {@code plan} in a safe order: attachments' links (sub-interfaces,
   * untagged addresses) go first, then trunks are made, then attachments' links are made or
   * updated, then trunks go.
   */
  private List<LinkStep> linkSteps(List<Change> plan) throws IOException {
    List<LinkStep> steps = new ArrayList<>();
    Map<String, KernelLink> kernelLinks = null;
    for (Change change : plan) {
      Optional<LinkPlan> from = change.before().flatMap(AppliedSubject::linkPlan);
      Optional<LinkPlan> to = change.after().flatMap(AppliedSubject::linkPlan);
      if (from.equals(to)) {
        continue;
      }
      String id = change.subjectId();
      if (from.isPresent() && to.isPresent()) {
        Optional<List<String>> update = links.update(from.get(), to.get());
        if (update.isPresent()) {
          List<String> undo = links.update(to.get(), from.get()).orElse(List.of());
          steps.add(new LinkStep(id, trunk(to.get()) ? 1 : 2, update.get(), undo));
          continue;
        }
      }
      if (from.isPresent() && from.get() instanceof LinkPlan.Untagged untagged) {
        // The port is not Junction's: an address already gone from it (or the port itself) is
        // nothing to remove, and must not stop the removal of the attachment.
        if (kernelLinks == null) {
          kernelLinks = kernel.links();
        }
        KernelLink port = kernelLinks.get(untagged.parent());
        if (port == null || !port.addresses().contains(untagged.address())) {
          from = Optional.empty();
        }
      }
      from.ifPresent(
          plan0 ->
              steps.add(
                  new LinkStep(
                      id,
                      trunk(plan0) ? (to.isPresent() ? 1 : 3) : 0,
                      links.unmake(plan0),
                      links.make(plan0))));
      to.ifPresent(
          plan1 ->
              steps.add(
                  new LinkStep(id, trunk(plan1) ? 1 : 2, links.make(plan1), links.unmake(plan1))));
    }
    List<LinkStep> ordered = new ArrayList<>(steps);
    ordered.sort(java.util.Comparator.comparingInt(LinkStep::phase));
    return ordered;
  }

  /** Returns whether {@code plan} is a trunk's (a port, a bond) rather than an attachment's. */
  private static boolean trunk(LinkPlan plan) {
    return !(plan instanceof LinkPlan.Addressed);
  }

  private LinkOutcome runLinks(List<LinkStep> steps) throws IOException {
    List<String> commands = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      for (String command : steps.get(i).forward()) {
        commands.add(command);
        owner.add(i);
      }
    }
    if (commands.isEmpty()) {
      return new LinkOutcome(List.of(), Optional.empty());
    }
    Iproute.BatchResult result = kernel.batch(commands, false);
    if (result.ok()) {
      return new LinkOutcome(steps, Optional.empty());
    }
    int failed = result.failedLine().orElse(1);
    int failedStep = owner.get(Math.min(failed, owner.size()) - 1);
    List<LinkStep> done = new ArrayList<>(steps.subList(0, failedStep + 1));
    LinkStep culprit = steps.get(failedStep);
    String command = commands.get(Math.min(failed, commands.size()) - 1);
    return new LinkOutcome(
        done,
        Optional.of(
            culprit.subjectId()
                + ": the link could not be made: ip "
                + command
                + ": "
                + result.message()));
  }

  private void undoLinks(List<LinkStep> done) {
    List<String> commands = new ArrayList<>();
    for (int i = done.size() - 1; i >= 0; i--) {
      commands.addAll(done.get(i).undo());
    }
    if (commands.isEmpty()) {
      return;
    }
    try {
      Iproute.BatchResult result = kernel.batch(commands, true);
      if (!result.ok()) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "undoing links: some commands failed (expected for half-made links): {0}",
            result.message());
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot undo the links of a refused change", e);
    }
  }

  private void restore(Map<String, Optional<String>> previous) {
    for (Map.Entry<String, Optional<String>> file : previous.entrySet()) {
      try {
        if (file.getValue().isPresent()) {
          dir.write(file.getKey(), file.getValue().get());
        } else {
          dir.delete(file.getKey());
        }
      } catch (IOException e) {
        LOG.log(
            System.Logger.Level.ERROR,
            "cannot put back " + file.getKey() + " after a refused change: " + e.getMessage());
      }
    }
    try {
      dir.sync();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot sync the configuration directory", e);
    }
  }

  /**
   * Waits until BIRD shows every protocol the change puts and none it removes; returns false if it
   * did not within the confirm timeout.
   */
  private boolean confirm(List<Change> plan) {
    Set<String> present = new LinkedHashSet<>();
    Set<String> gone = new LinkedHashSet<>();
    for (Change change : plan) {
      List<String> after = change.after().map(AppliedSubject::protocols).orElse(List.of());
      present.addAll(after);
      change.before().map(AppliedSubject::protocols).orElse(List.of()).stream()
          .filter(name -> !after.contains(name))
          .forEach(gone::add);
    }
    gone.removeAll(present);
    List<String> names = new ArrayList<>(present);
    names.addAll(gone);
    long deadline = System.nanoTime() + confirmTimeout.toNanos();
    while (true) {
      try {
        Map<String, ProtocolStatus> shown = protocols(names, false);
        boolean allThere = present.stream().allMatch(shown::containsKey);
        boolean noneLeft = gone.stream().noneMatch(shown::containsKey);
        if (allThere && noneLeft) {
          return true;
        }
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "show protocols failed while confirming", e);
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      sleep(POLL);
    }
  }

  /**
   * Returns the named protocols BIRD runs (with details if {@code all}), by name: one query per
   * name for a few, one listing of every protocol for many.
   */
  private Map<String, ProtocolStatus> protocols(Collection<String> names, boolean all)
      throws IOException {
    Map<String, ProtocolStatus> found = new HashMap<>();
    if (names.isEmpty()) {
      return found;
    }
    String command = all ? "show protocols all" : "show protocols";
    if (names.size() <= FEW_PROTOCOLS) {
      for (String name : names) {
        for (ProtocolStatus status :
            ProtocolStatus.parse(bird.send(command + " \"" + name + "\""))) {
          found.put(status.name(), status);
        }
      }
      return found;
    }
    Set<String> wanted = new HashSet<>(names);
    for (ProtocolStatus status : ProtocolStatus.parse(bird.send(command, configureTimeout))) {
      if (wanted.contains(status.name())) {
        found.put(status.name(), status);
      }
    }
    return found;
  }

  // ---------------------------------------------------------------------------------------------
  // Observing

  private static Optional<LinkObservation> observeLink(
      LinkPlan plan, Map<String, KernelLink> kernelLinks) {
    Optional<String> name = plan.interfaceName();
    if (name.isEmpty()) {
      return Optional.empty();
    }
    KernelLink link = kernelLinks.get(name.get());
    if (link == null) {
      return Optional.of(
          new LinkObservation(false, "NotFound", "interface " + name.get() + " does not exist"));
    }
    if (!link.adminUp()) {
      return Optional.of(
          new LinkObservation(false, "AdminDown", "interface " + name.get() + " is set down"));
    }
    if (!link.operUp()) {
      return Optional.of(
          new LinkObservation(
              false,
              "NoCarrier",
              "interface "
                  + name.get()
                  + " is "
                  + link.operstate().toLowerCase(java.util.Locale.ROOT)));
    }
    if (plan instanceof LinkPlan.Addressed addressed
        && !link.addresses().contains(addressed.address())) {
      return Optional.of(
          new LinkObservation(
              false,
              "AddressMissing",
              "interface " + name.get() + " lacks address " + addressed.address()));
    }
    return Optional.of(new LinkObservation(true, "LinkUp", ""));
  }

  private BgpObservation observeBgp(
      AppliedSubject subject, String name, @Nullable ProtocolStatus status) {
    if (status == null) {
      return new BgpObservation(
          "Down",
          Instant.EPOCH,
          "BIRD does not run protocol " + name + " (not reconfigured?)",
          0,
          0);
    }
    String state =
        status.running() ? (status.bgpState().isEmpty() ? "Idle" : status.bgpState()) : "Down";
    String error = status.lastError();
    if (error.isEmpty() && !status.running()) {
      error = "the protocol is shut down (disabled)";
    }
    if (error.isEmpty() && !BgpObservation.ESTABLISHED.equals(state)) {
      error = md5Suspicions.getOrDefault(subject.subjectId(), "");
    }
    if (BgpObservation.ESTABLISHED.equals(state)) {
      md5Suspicions.remove(subject.subjectId());
    }
    return new BgpObservation(
        state,
        status.since().orElse(Instant.EPOCH),
        redact(error),
        status.routesImported(),
        status.routesExported());
  }

  /**
   * Reads the namespace's TCP MD5 counters when a session is stuck without an error BIRD can name,
   * and blames a key mismatch on each such session while the counters rise.
   */
  private void noteMd5Evidence(
      List<AppliedSubject> subjects, Map<String, ProtocolStatus> protocols) {
    List<AppliedSubject> stuck = new ArrayList<>();
    for (AppliedSubject subject : subjects) {
      Optional<String> name = subject.bgpProtocol();
      ProtocolStatus status = name.map(protocols::get).orElse(null);
      if (status != null
          && status.running()
          && !BgpObservation.ESTABLISHED.equals(status.bgpState())
          && status.lastError().isEmpty()) {
        stuck.add(subject);
      }
    }
    if (stuck.isEmpty()) {
      return;
    }
    Md5Counters now;
    try {
      now = Md5Counters.parse(kernel.netstat());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot read the TCP MD5 counters", e);
      return;
    }
    Md5Counters before = md5Baseline == null ? now : md5Baseline;
    md5Baseline = now;
    Md5Counters rose = now.since(before);
    if (rose.isZero()) {
      return;
    }
    for (AppliedSubject subject : stuck) {
      boolean keyed = !subject.secrets().isEmpty();
      String reason = null;
      if (keyed && rose.failure() > 0) {
        reason =
            "no BGP session yet, and the kernel dropped "
                + rose.failure()
                + " TCP segments with a wrong MD5 signature (TcpExtTCPMD5Failure rose in the"
                + " router's namespace): the MD5 keys at the two ends probably differ";
      } else if (keyed && rose.notFound() > 0) {
        reason =
            "no BGP session yet, and the kernel dropped "
                + rose.notFound()
                + " TCP segments without an MD5 signature (TcpExtTCPMD5NotFound rose in the"
                + " router's namespace): the peer probably has no MD5 key set";
      } else if (!keyed && rose.unexpected() > 0) {
        reason =
            "no BGP session yet, and the kernel dropped "
                + rose.unexpected()
                + " TCP segments signed with MD5 (TcpExtTCPMD5Unexpected rose in the router's"
                + " namespace): the peer probably sets an MD5 key this session does not have";
      }
      if (reason != null) {
        md5Suspicions.put(subject.subjectId(), reason);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Repairing

  private void repairLinks(List<Repair> repairs) throws IOException {
    boolean any =
        applied.values().stream()
            .anyMatch(s -> s.linkPlan().flatMap(LinkPlan::interfaceName).isPresent());
    if (!any) {
      return;
    }
    Map<String, KernelLink> kernelLinks = kernel.links();
    List<AppliedSubject> ordered = new ArrayList<>(applied.values());
    // Trunks' links first, so that an attachment's link finds its parent made again.
    ordered.sort(
        java.util.Comparator.comparingInt(
            s -> s.linkPlan().map(p -> p instanceof LinkPlan.Addressed ? 1 : 0).orElse(2)));
    Set<String> made = new HashSet<>();
    for (AppliedSubject subject : ordered) {
      Optional<LinkPlan> plan = subject.linkPlan();
      if (plan.isEmpty() || plan.get().interfaceName().isEmpty()) {
        continue;
      }
      String name = plan.get().interfaceName().get();
      KernelLink link = kernelLinks.get(name);
      List<String> commands = new ArrayList<>();
      List<String> found = new ArrayList<>();
      if (link == null) {
        if (plan.get() instanceof LinkPlan.Untagged untagged) {
          // The port is not Junction's to make; once it is back (a bond made again just now, or
          // the next repair after the port returns), the address goes back on it.
          if (!made.contains(name)) {
            continue;
          }
          commands.addAll(links.make(plan.get()));
          found.add(
              "interface "
                  + name
                  + " was made again; put address "
                  + untagged.address()
                  + " back on it");
        } else {
          if (plan.get() instanceof LinkPlan.Port || links.cannotMake(plan.get()).isPresent()) {
            continue;
          }
          commands.addAll(links.make(plan.get()));
          found.add("interface " + name + " was missing; made it again");
        }
      } else {
        if (plan.get() instanceof LinkPlan.Addressed addressed) {
          if (link.mtu() != addressed.mtu()) {
            commands.add("link set dev " + name + " mtu " + addressed.mtu());
            found.add("interface " + name + " had MTU " + link.mtu() + "; set " + addressed.mtu());
          }
          if (!link.addresses().contains(addressed.address())) {
            commands.add("address add " + addressed.address() + " dev " + name);
            found.add(
                "interface " + name + " lacked address " + addressed.address() + "; added it");
          }
        }
        if (!link.adminUp()) {
          commands.add("link set dev " + name + " up");
          found.add("interface " + name + " was set down; set it up");
        }
      }
      if (commands.isEmpty()) {
        continue;
      }
      Iproute.BatchResult result = kernel.batch(commands, false);
      if (result.ok()) {
        repairs.add(new Repair(subject.subjectId(), redact(String.join("; ", found))));
        if (link == null) {
          made.add(name);
        }
      } else {
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot repair the link of {0}: {1}",
            subject.subjectId(),
            redact(result.message()));
      }
    }
  }

  private boolean repairFiles(List<Repair> repairs) throws IOException {
    boolean rewritten = false;
    for (AppliedSubject subject : List.copyOf(applied.values())) {
      if (unchangedOnDisk(subject)) {
        continue;
      }
      if (!subject.pristine()) {
        continue;
      }
      List<String> fixed = new ArrayList<>();
      for (Map.Entry<String, String> file : subject.files().entrySet()) {
        Optional<String> now = dir.read(file.getKey());
        if (now.isEmpty() || !now.get().equals(file.getValue())) {
          dir.createLayout();
          dir.write(file.getKey(), file.getValue());
          fixed.add(file.getKey() + (now.isEmpty() ? " was removed" : " was edited"));
          rewritten |= file.getKey().endsWith(".conf");
        }
      }
      record(subject);
      if (!fixed.isEmpty()) {
        repairs.add(
            new Repair(
                subject.subjectId(),
                String.join(", ", fixed) + " behind Junction's back; wrote it again"));
      }
    }
    Set<String> known = new HashSet<>();
    applied.values().forEach(s -> known.addAll(s.files().keySet()));
    for (String name : dir.list()) {
      if (!known.contains(name)) {
        dir.deleteListed(name);
        repairs.add(
            new Repair(
                RouterHeader.SUBJECT_ID, "removed " + name + ", which Junction did not write"));
        rewritten |= name.endsWith(".conf");
      }
    }
    if (rewritten) {
      dir.sync();
    }
    return rewritten;
  }

  private void repairProtocols(List<Repair> repairs, boolean rewritten) throws IOException {
    Map<String, String> expected = new HashMap<>();
    for (AppliedSubject subject : applied.values()) {
      subject.protocols().forEach(name -> expected.put(name, subject.subjectId()));
    }
    Map<String, ProtocolStatus> shown = new HashMap<>();
    for (ProtocolStatus status :
        ProtocolStatus.parse(bird.send("show protocols", configureTimeout))) {
      shown.put(status.name(), status);
    }
    Set<String> missing = new LinkedHashSet<>(expected.keySet());
    missing.removeAll(shown.keySet());
    Set<String> extra = new LinkedHashSet<>();
    for (String name : shown.keySet()) {
      if (!expected.containsKey(name) && ownedName(name)) {
        extra.add(name);
      }
    }
    if (rewritten || reconfigureOwed || !missing.isEmpty() || !extra.isEmpty()) {
      BirdReply reply =
          bird.send("configure \"" + dir.resolve(BirdRenderer.MAIN_FILE) + "\"", configureTimeout);
      if (reply.isError()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "BIRD refused the repaired configuration: {0}",
            redact(reply.finalText()));
        return;
      }
      if (reconfigureOwed) {
        reconfigureOwed = false;
        repairs.add(
            new Repair(
                RouterHeader.SUBJECT_ID,
                "BIRD did not answer a reconfiguration in time, so what it runs was unknown;"
                    + " reconfigured it from the files"));
      }
      for (String name : missing) {
        repairs.add(
            new Repair(
                expected.get(name), "BIRD did not run protocol " + name + "; reconfigured it"));
      }
      for (String name : extra) {
        repairs.add(
            new Repair(
                RouterHeader.SUBJECT_ID,
                "BIRD ran protocol " + name + ", which Junction did not configure; reconfigured"));
      }
      shown.clear();
      if (!confirmNames(expected.keySet())) {
        LOG.log(System.Logger.Level.WARNING, "BIRD did not confirm the repaired configuration");
      }
      for (ProtocolStatus status :
          ProtocolStatus.parse(bird.send("show protocols", configureTimeout))) {
        shown.put(status.name(), status);
      }
    }
    for (Map.Entry<String, String> protocol : expected.entrySet()) {
      ProtocolStatus status = shown.get(protocol.getKey());
      if (status != null && status.state().equals("down")) {
        BirdReply reply = bird.send("enable \"" + protocol.getKey() + "\"");
        if (!reply.isError()) {
          repairs.add(
              new Repair(
                  protocol.getValue(),
                  "protocol " + protocol.getKey() + " was down (disabled); enabled it"));
        }
      }
    }
  }

  private boolean confirmNames(Set<String> names) {
    long deadline = System.nanoTime() + confirmTimeout.toNanos();
    while (true) {
      try {
        if (protocols(names, false).keySet().containsAll(names)) {
          return true;
        }
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "show protocols failed while confirming", e);
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      sleep(POLL);
    }
  }

  /** Returns whether a protocol of that name would be Junction's. */
  private static boolean ownedName(String name) {
    return name.startsWith("bgp_")
        || name.startsWith("static_")
        || name.startsWith("origin_")
        || name.startsWith("junction_");
  }

  // ---------------------------------------------------------------------------------------------

  private ApplyResult refuse(String reason, ChangeSet changes) {
    List<String> secrets = new ArrayList<>();
    changes.header().ifPresent(r -> r.artifacts().forEach(a -> secrets.addAll(a.secrets())));
    changes.put().forEach(r -> r.artifacts().forEach(a -> secrets.addAll(a.secrets())));
    String said = redact(reason, secrets);
    LOG.log(System.Logger.Level.INFO, "refused a change: {0}", said);
    return new ApplyResult.Refused(said);
  }

  /** Returns {@code text} with the configuration directory's path left out of file names. */
  private String relative(String text) {
    return text.replace(dir.root() + "/", "");
  }

  private String redact(String text) {
    return redact(text, List.of());
  }

  private String redact(String text, List<String> more) {
    String shown = text;
    List<String> secrets = new ArrayList<>(more);
    applied.values().forEach(s -> secrets.addAll(s.secrets()));
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        shown = shown.replace(secret, Artifact.MASK);
      }
    }
    return shown;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
