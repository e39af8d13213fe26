package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
  /** Which configuration BIRD checks before a change is applied. */
  public enum CheckScope {
    /** The header and the changed files; a header change is checked in full. */
    CHANGED,
    /** The header and every file, as they will be. */
    FULL
  }

  // The driver owns what its parts share (the directory, the control socket, what it applied) and
  // hands each public method to the part that does it. Every public method holds the driver's
  // lock, so the parts, which are not thread-safe, run one at a time.
  private final ConfigDirectory dir;
  private final BirdControl bird;
  private final BirdRenderer renderer;
  private final AppliedSubjects applied;
  private final ChangeApplier changeApplier;
  private final SubjectObserver observer;
  private final LinkRepair linkRepair;
  private final FileRepair fileRepair;
  private final ProtocolRepair protocolRepair;

  private BirdDriver(Builder builder) {
    this.dir = new ConfigDirectory(builder.configDir);
    this.bird = new BirdControl(builder.controlSocket, builder.commandTimeout);
    Iproute kernel = new Iproute(new ProcessRunner(builder.commandTimeout), builder.namespace);
    LinkLayer links = builder.linkLayer;
    this.renderer = new BirdRenderer(builder.settings);
    this.applied = new AppliedSubjects(dir);
    BirdProtocols protocols =
        new BirdProtocols(bird, builder.configureTimeout, builder.confirmTimeout);
    Reconfiguration reconfiguration = new Reconfiguration(bird, dir, builder.configureTimeout);
    Md5Suspicions md5Suspicions = new Md5Suspicions(kernel);
    this.changeApplier =
        new ChangeApplier(
            dir,
            links,
            applied,
            new ChangeCheck(dir, bird, applied, builder.checkScope, builder.configureTimeout),
            new ChangeLinks(kernel, links),
            reconfiguration,
            protocols,
            md5Suspicions,
            builder.confirmTimeout);
    this.observer = new SubjectObserver(kernel, protocols, applied, md5Suspicions);
    this.linkRepair = new LinkRepair(kernel, links, applied);
    this.fileRepair = new FileRepair(dir, applied);
    this.protocolRepair =
        new ProtocolRepair(bird, builder.configureTimeout, applied, reconfiguration, protocols);
    try {
      applied.load();
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
      if (applied.contains(RouterHeader.SUBJECT_ID)) {
        return false;
      }
      Rendered rendered = renderer.renderHeader(header);
      for (Artifact artifact : rendered.artifacts()) {
        dir.write(artifact.name(), artifact.content());
      }
      dir.sync();
      applied.record(AppliedSubject.of(rendered));
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the header: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Optional<RunningSubject> running(String subjectId) {
    requireNonNull(subjectId, "subjectId");
    return applied.running(subjectId);
  }

  @Override
  public synchronized Set<String> runningSubjects() {
    return applied.runningSubjects();
  }

  @Override
  public synchronized ApplyResult apply(ChangeSet changes) {
    requireNonNull(changes, "changes");
    return changeApplier.apply(changes);
  }

  @Override
  public synchronized Map<String, SubjectState> observe(Collection<String> subjectIds) {
    requireNonNull(subjectIds, "subjectIds");
    return observer.observe(subjectIds);
  }

  @Override
  public synchronized List<Repair> repair() {
    List<Repair> repairs = new ArrayList<>();
    try {
      linkRepair.repair(repairs);
      boolean rewritten = fileRepair.repair(repairs);
      protocolRepair.repair(repairs, rewritten);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot repair the router: " + applied.redact(e.getMessage()), e);
    }
    return List.copyOf(repairs);
  }

  @Override
  public synchronized void close() {
    bird.close();
  }
}
