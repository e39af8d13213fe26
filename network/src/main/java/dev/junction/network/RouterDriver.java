package dev.junction.network;

import dev.junction.core.network.RouterHeader;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Drives one router: renders what it should run, applies changes to it, reads back what it runs,
 * observes its links and sessions, and repairs drift. The seam between a router's agent and a real
 * (BIRD) or simulated router.
 *
 * <p>The agent decides what to change by comparing the hash of each rendered subject with the hash
 * of what the router runs ({@link #running}); the driver renders, applies and reads back, and knows
 * nothing of the store. Calls come from one agent thread at a time.
 */
public interface RouterDriver extends RouterRenderer, AutoCloseable {

  /**
   * Readies a router that has never been configured for its first change, given its header (for
   * BIRD: writes the main configuration, so that BIRD can be started on it), and returns whether it
   * did anything. A router that runs a header already is left alone.
   */
  default boolean prepare(RouterHeader header) {
    return false;
  }

  /**
   * Returns what the router runs for {@code subjectId} ({@link RouterHeader#SUBJECT_ID} for the
   * header), read back from the router itself, so that a restarted agent knows without applying
   * anything.
   */
  Optional<RunningSubject> running(String subjectId);

  /** Returns the ids of every trunk and attachment the router runs (not the header). */
  Set<String> runningSubjects();

  /**
   * Calls {@code action} with the id of every trunk and attachment the router runs, as {@link
   * #runningSubjects()} would list them; a driver that keeps a million subjects compactly makes
   * their ids one at a time here rather than all at once.
   */
  default void forEachRunning(Consumer<String> action) {
    runningSubjects().forEach(action);
  }

  /**
   * Applies {@code changes} as one change: the router checks it first and then runs all of it, or
   * refuses it and keeps running what it ran. Subjects not named are left as they are.
   */
  ApplyResult apply(ChangeSet changes);

  /**
   * Returns the observed state of the given subjects that the router runs: the link of a trunk, the
   * sub-interface and BGP session of an attachment. Subjects it does not run are left out.
   */
  Map<String, SubjectState> observe(Collection<String> subjectIds);

  /**
   * Finds what differs on the router from what this driver applied (a configuration edited, a
   * protocol disabled or removed, a link deleted) and puts it back; returns what it repaired.
   */
  List<Repair> repair();

  /** Releases what the driver holds (sockets, threads); the router keeps running as it is. */
  @Override
  void close();
}
