package dev.junction.network.bird;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The protocols BIRD runs, as {@code show protocols} lists them over its control socket: looked up
 * by name, and waited for after a reconfiguration until they are there (or gone) or the confirm
 * timeout passes.
 */
final class BirdProtocols {
  // Logs as the driver, so that one logger configures everything the driver does.
  private static final System.Logger LOG = System.getLogger(BirdDriver.class.getName());
  private static final Duration POLL = Duration.ofMillis(20);
  private static final int FEW_PROTOCOLS = 32;

  private final BirdControl bird;
  private final Duration configureTimeout;
  private final Duration confirmTimeout;

  BirdProtocols(BirdControl bird, Duration configureTimeout, Duration confirmTimeout) {
    this.bird = bird;
    this.configureTimeout = configureTimeout;
    this.confirmTimeout = confirmTimeout;
  }

  /**
   * Returns the named protocols BIRD runs (with details if {@code all}), by name: one query per
   * name for a few, one listing of every protocol for many.
   */
  Map<String, ProtocolStatus> find(Collection<String> names, boolean all) throws IOException {
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

  /**
   * Waits until BIRD shows every protocol the change puts and none it removes; returns false if it
   * did not within the confirm timeout.
   */
  boolean confirm(List<Change> plan) {
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
        Map<String, ProtocolStatus> shown = find(names, false);
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
   * Waits until BIRD shows every protocol of {@code names}; returns false if it did not within the
   * confirm timeout.
   */
  boolean confirmNames(Set<String> names) {
    long deadline = System.nanoTime() + confirmTimeout.toNanos();
    while (true) {
      try {
        if (find(names, false).keySet().containsAll(names)) {
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

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
