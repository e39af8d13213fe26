package dev.junction.network.bird;

import dev.junction.core.network.RouterHeader;
import dev.junction.network.Repair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Repairs the configuration files edited or removed behind Junction's back: writes again the files
 * of each subject as it was applied, and removes the files Junction did not write. Not thread-safe:
 * the driver calls it under its own lock.
 */
final class FileRepair {
  private final ConfigDirectory dir;
  private final AppliedSubjects applied;

  FileRepair(ConfigDirectory dir, AppliedSubjects applied) {
    this.dir = dir;
    this.applied = applied;
  }

  /**
   * Repairs the files, adding what it repaired to {@code repairs}; returns whether BIRD's
   * configuration (a .conf file) was written or removed.
   */
  boolean repair(List<Repair> repairs) throws IOException {
    boolean rewritten = false;
    for (AppliedSubject subject : List.copyOf(applied.values())) {
      if (applied.unchangedOnDisk(subject)) {
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
      applied.record(subject);
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
}
