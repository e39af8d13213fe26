package dev.junction.network.bird;

import dev.junction.core.network.RouterHeader;
import dev.junction.network.Artifact;
import dev.junction.network.ChangeSet;
import dev.junction.network.Rendered;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** One subject's change: its files before (as applied) and after (as rendered). */
record Change(String subjectId, Optional<AppliedSubject> before, Optional<AppliedSubject> after) {
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

  /**
   * Returns the changes {@code changes} makes to what is {@code applied}: the header first, then
   * the subjects put and those removed, leaving out a subject put as it is applied and on disk.
   *
   * @throws IllegalArgumentException if {@code changes} puts or removes a subject twice, puts the
   *     header as a subject, or names a file the BIRD renderer does not
   */
  static List<Change> plan(ChangeSet changes, AppliedSubjects applied) throws IOException {
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
          && applied.unchangedOnDisk(before.get())) {
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

  /**
   * Returns the text of the main file as it will be once {@code plan} is applied, or empty if the
   * router has no header.
   */
  static Optional<String> header(List<Change> plan, AppliedSubjects applied) {
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
}
