package dev.junction.network.bird;

import dev.junction.core.network.RouterHeader;
import dev.junction.network.Artifact;
import dev.junction.network.RunningSubject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the driver applied, by subject, as it wrote or last read each subject's files, and how it
 * reads that back from the configuration directory: the files' sizes and modification times tell
 * cheaply whether a file changed on disk since. Not thread-safe: the driver calls it under its own
 * lock.
 */
final class AppliedSubjects {
  private final ConfigDirectory dir;
  private final Map<String, AppliedSubject> applied = new HashMap<>();
  private final Map<String, Map<String, ConfigDirectory.FileStat>> stats = new HashMap<>();

  AppliedSubjects(ConfigDirectory dir) {
    this.dir = dir;
  }

  /** Reads back every subject the directory's files carry a stamp of. */
  void load() throws IOException {
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

  /** Returns the subject as applied, or null if the driver has none of that id. */
  @Nullable AppliedSubject get(String subjectId) {
    return applied.get(subjectId);
  }

  /** Returns whether the driver has applied a subject of that id. */
  boolean contains(String subjectId) {
    return applied.containsKey(subjectId);
  }

  /** Returns every subject applied, the header included; a view that follows the changes. */
  Collection<AppliedSubject> values() {
    return Collections.unmodifiableCollection(applied.values());
  }

  /** Returns the subject as the router runs it: as its files are on disk now. */
  Optional<RunningSubject> running(String subjectId) {
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

  /** Returns the ids of the subjects applied, the header left out. */
  Set<String> runningSubjects() {
    Set<String> ids = new HashSet<>(applied.keySet());
    ids.remove(RouterHeader.SUBJECT_ID);
    return Set.copyOf(ids);
  }

  /** Records {@code subject} as applied, with its files' stats as they are now. */
  void record(AppliedSubject subject) {
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

  /** Forgets the subject, removed from the router. */
  void forget(String subjectId) {
    applied.remove(subjectId);
    stats.remove(subjectId);
  }

  /** Returns whether the subject's files are as the driver last wrote or read them. */
  boolean unchangedOnDisk(Optional<AppliedSubject> subject) throws IOException {
    return subject.isEmpty() || unchangedOnDisk(subject.get());
  }

  boolean unchangedOnDisk(AppliedSubject subject) throws IOException {
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

  /** Returns {@code text} with every MD5 key the applied files hold masked. */
  String redact(String text) {
    return redact(text, List.of());
  }

  /** Returns {@code text} with every MD5 key the applied files hold, and {@code more}, masked. */
  String redact(String text, List<String> more) {
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
}
