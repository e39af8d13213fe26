package dev.junction.network.bird;

import dev.junction.network.ApplyResult;
import dev.junction.network.ChangeSet;
import dev.junction.network.bird.ChangeLinks.LinkOutcome;
import dev.junction.network.bird.ChangeLinks.LinkStep;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a change to the router: plans it against what is applied, has BIRD check it, makes the
 * links, puts the files in place and reconfigures BIRD, then waits for BIRD to confirm it; if the
 * check, a link or the reconfiguration fails, it puts the previous files and links back and refuses
 * the change. Not thread-safe: the driver calls it under its own lock.
 */
final class ChangeApplier {
  // Logs as the driver, so that one logger configures everything the driver does.
  private static final System.Logger LOG = System.getLogger(BirdDriver.class.getName());

  private final ConfigDirectory dir;
  private final LinkLayer links;
  private final AppliedSubjects applied;
  private final ChangeCheck check;
  private final ChangeLinks changeLinks;
  private final Reconfiguration reconfiguration;
  private final BirdProtocols protocols;
  private final Md5Suspicions md5Suspicions;
  private final Duration confirmTimeout;

  ChangeApplier(
      ConfigDirectory dir,
      LinkLayer links,
      AppliedSubjects applied,
      ChangeCheck check,
      ChangeLinks changeLinks,
      Reconfiguration reconfiguration,
      BirdProtocols protocols,
      Md5Suspicions md5Suspicions,
      Duration confirmTimeout) {
    this.dir = dir;
    this.links = links;
    this.applied = applied;
    this.check = check;
    this.changeLinks = changeLinks;
    this.reconfiguration = reconfiguration;
    this.protocols = protocols;
    this.md5Suspicions = md5Suspicions;
    this.confirmTimeout = confirmTimeout;
  }

  /** Applies {@code changes}; see {@link BirdDriver} for how. */
  ApplyResult apply(ChangeSet changes) {
    List<Change> plan;
    try {
      plan = Change.plan(changes, applied);
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
    if (birdChanges && Change.header(plan, applied).isEmpty()) {
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
              || !applied.unchangedOnDisk(change.before())) {
            staged.put(file.getKey(), dir.stage(file.getKey(), file.getValue()));
          }
        }
      }
      if (birdChanges) {
        Optional<String> refused = check.check(plan, staged);
        if (refused.isPresent()) {
          return refuse(refused.get(), changes);
        }
      }

      marks[0] = System.nanoTime();
      List<LinkStep> steps = changeLinks.steps(plan);
      LinkOutcome outcome = changeLinks.run(steps);
      doneLinks = outcome.done();
      if (outcome.failure().isPresent()) {
        changeLinks.undo(doneLinks);
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
        BirdReply reply = reconfiguration.configure();
        if (reply.isError()) {
          restore(previous);
          changeLinks.undo(doneLinks);
          return refuse(
              "BIRD refused the new configuration: " + dir.relative(reply.finalText()), changes);
        }
      }
      marks[3] = System.nanoTime();
    } catch (IOException e) {
      staged.values().forEach(ConfigDirectory::discard);
      if (committed) {
        restore(previous);
      }
      changeLinks.undo(doneLinks);
      return refuse("the change failed: " + dir.relative(String.valueOf(e.getMessage())), changes);
    } finally {
      staged.values().forEach(ConfigDirectory::discard);
      check.discard();
    }

    for (Change change : plan) {
      change.after().ifPresentOrElse(applied::record, () -> applied.forget(change.subjectId()));
      md5Suspicions.clear(change.subjectId());
    }
    boolean confirmed = !birdChanges || protocols.confirm(plan);
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

  private ApplyResult refuse(String reason, ChangeSet changes) {
    List<String> secrets = new ArrayList<>();
    changes.header().ifPresent(r -> r.artifacts().forEach(a -> secrets.addAll(a.secrets())));
    changes.put().forEach(r -> r.artifacts().forEach(a -> secrets.addAll(a.secrets())));
    String said = applied.redact(reason, secrets);
    LOG.log(System.Logger.Level.INFO, "refused a change: {0}", said);
    return new ApplyResult.Refused(said);
  }
}
