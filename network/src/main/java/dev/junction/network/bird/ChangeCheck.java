package dev.junction.network.bird;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Has BIRD check a change before it is applied ({@code configure check}), on a check file that
 * includes the staged files in place of those they replace. Not thread-safe: the driver calls it
 * under its own lock.
 */
final class ChangeCheck {
  private static final String CHECK_FILE = ".junction-check.conf";

  private final ConfigDirectory dir;
  private final BirdControl bird;
  private final AppliedSubjects applied;
  private final BirdDriver.CheckScope checkScope;
  private final Duration configureTimeout;

  ChangeCheck(
      ConfigDirectory dir,
      BirdControl bird,
      AppliedSubjects applied,
      BirdDriver.CheckScope checkScope,
      Duration configureTimeout) {
    this.dir = dir;
    this.bird = bird;
    this.applied = applied;
    this.checkScope = checkScope;
    this.configureTimeout = configureTimeout;
  }

  /**
   * Has BIRD check the configuration as it will be: the header with the changed session files
   * (staged), or with every session file when the header changes or the scope is full. Returns why
   * BIRD refused it, if it did.
   */
  Optional<String> check(List<Change> plan, Map<String, Path> staged) throws IOException {
    boolean full =
        checkScope == BirdDriver.CheckScope.FULL || plan.stream().anyMatch(Change::isHeader);
    String headerText = Change.header(plan, applied).orElseThrow();
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
    return Optional.of("BIRD's check refused the change: " + dir.relative(said));
  }

  /** Removes the check file, if one is left. */
  void discard() {
    ConfigDirectory.discard(dir.root().resolve(CHECK_FILE));
  }
}
