package dev.junction.network.plan;

import static java.util.Objects.requireNonNull;

import dev.junction.core.network.DesiredSnapshot;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.SubjectIntent;
import dev.junction.network.Artifact;
import dev.junction.network.Rendered;
import dev.junction.network.RouterRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One page of a router's plan: what its agent would change on it to make it run its desired state,
 * subject by subject, and its header. Artifacts are shown with every secret masked: a plan never
 * holds an MD5 key.
 *
 * @param driver the driver whose renderer rendered the plan, empty if none could
 * @param rendering how the plan was rendered, or why it was not (then changes are found by revision
 *     only, and no artifact is shown)
 * @param desiredSeq the router's desired sequence when the plan's first page was read
 * @param appliedSeq the desired sequence the router last reported running
 * @param header the header change, if the router runs another header (first page only)
 * @param steps what changes, for the subjects of this page (and, on the first page, the subjects
 *     deleted since the router's applied sequence)
 * @param next where the next page starts, empty on the last page
 */
public record RouterPlan(
    String routerId,
    Optional<String> driver,
    String rendering,
    long desiredSeq,
    long appliedSeq,
    Optional<HeaderChange> header,
    List<Step> steps,
    Optional<String> next) {
  public RouterPlan {
    requireNonNull(routerId, "routerId");
    requireNonNull(driver, "driver");
    requireNonNull(rendering, "rendering");
    requireNonNull(header, "header");
    steps = List.copyOf(steps);
    requireNonNull(next, "next");
  }

  /** Returns what a plan does with one subject. */
  public enum Action {
    /** The router has never applied the subject: it will be added. */
    ADD,
    /** The router runs an older revision, or another configuration, of the subject. */
    CHANGE,
    /** The subject is being deleted, or was deleted, and the router may still run it. */
    REMOVE
  }

  /**
   * One subject's change.
   *
   * @param kind {@code trunk} or {@code session}; empty for a subject that no longer exists
   * @param revision the subject's desired revision, 0 for a subject that no longer exists
   * @param appliedRevision the revision the store last recorded as applied, 0 if none
   * @param reason why the subject is in the plan
   * @param artifacts what the router will run for it, secrets masked; empty for a removal
   */
  public record Step(
      String subjectId,
      String kind,
      Action action,
      long revision,
      long appliedRevision,
      String reason,
      List<ShownArtifact> artifacts) {
    public Step {
      requireNonNull(subjectId, "subjectId");
      requireNonNull(kind, "kind");
      requireNonNull(action, "action");
      requireNonNull(reason, "reason");
      artifacts = List.copyOf(artifacts);
    }
  }

  /**
   * The change of the router's header.
   *
   * @param runningHash the digest of the header the router last reported running, empty if none
   * @param desiredHash the digest of the header it should run
   */
  public record HeaderChange(
      String runningHash, String desiredHash, List<ShownArtifact> artifacts) {
    public HeaderChange {
      requireNonNull(runningHash, "runningHash");
      requireNonNull(desiredHash, "desiredHash");
      artifacts = List.copyOf(artifacts);
    }
  }

  /** One rendered artifact as a plan shows it: its name and its content with secrets masked. */
  public record ShownArtifact(String name, String content) {
    public ShownArtifact {
      requireNonNull(name, "name");
      requireNonNull(content, "content");
    }

    /** Returns {@code artifact} with every secret it holds masked. */
    public static ShownArtifact of(Artifact artifact) {
      return new ShownArtifact(artifact.name(), artifact.redacted());
    }

    @Override
    public String toString() {
      return "ShownArtifact[" + name + "]";
    }
  }

  /**
   * Returns the steps of one snapshot page: subjects never applied ({@code ADD}), applied at an
   * older revision or with another rendering ({@code CHANGE}), and being deleted while the router
   * ran them ({@code REMOVE}). Without a renderer, changes are found by revision only.
   */
  public static List<Step> steps(DesiredSnapshot page, Optional<RouterRenderer> renderer) {
    List<SubjectIntent> subjects = new ArrayList<>(page.trunks());
    subjects.addAll(page.sessions());
    List<Step> steps = new ArrayList<>();
    for (SubjectIntent subject : subjects) {
      Optional<DesiredSnapshot.Recorded> recorded =
          Optional.ofNullable(page.recorded().get(subject.subjectId()))
              .filter(r -> r.revision() > 0);
      long applied = recorded.map(DesiredSnapshot.Recorded::revision).orElse(0L);
      String kind = subject instanceof SessionIntent ? "session" : "trunk";
      if (!subject.present()) {
        if (recorded.isPresent() && applied < subject.revision()) {
          steps.add(
              new Step(
                  subject.subjectId(),
                  kind,
                  Action.REMOVE,
                  subject.revision(),
                  applied,
                  "being deleted; the router last applied revision " + applied,
                  List.of()));
        }
        continue;
      }
      Optional<Rendered> rendered = renderer.map(r -> r.render(page.header(), subject));
      List<ShownArtifact> artifacts =
          rendered
              .map(r -> r.artifacts().stream().map(ShownArtifact::of).toList())
              .orElse(List.of());
      if (recorded.isEmpty()) {
        steps.add(
            new Step(
                subject.subjectId(),
                kind,
                Action.ADD,
                subject.revision(),
                0,
                "the router has never applied it",
                artifacts));
      } else if (applied < subject.revision()) {
        steps.add(
            new Step(
                subject.subjectId(),
                kind,
                Action.CHANGE,
                subject.revision(),
                applied,
                "the router runs revision " + applied + " of " + subject.revision(),
                artifacts));
      } else if (rendered.isPresent() && !rendered.get().hash().equals(recorded.get().hash())) {
        steps.add(
            new Step(
                subject.subjectId(),
                kind,
                Action.CHANGE,
                subject.revision(),
                applied,
                "the router runs another configuration than rendered now (a template or a driver"
                    + " setting changed)",
                artifacts));
      }
    }
    return steps;
  }

  /**
   * Returns the change of the header, if the router runs another header than {@code header} renders
   * to; empty without a renderer, which cannot tell.
   */
  public static Optional<HeaderChange> header(
      RouterHeader header, String runningHash, Optional<RouterRenderer> renderer) {
    if (renderer.isEmpty()) {
      return Optional.empty();
    }
    Rendered rendered = renderer.get().renderHeader(header);
    if (rendered.hash().equals(runningHash)) {
      return Optional.empty();
    }
    return Optional.of(
        new HeaderChange(
            runningHash,
            rendered.hash(),
            rendered.artifacts().stream().map(ShownArtifact::of).toList()));
  }
}
