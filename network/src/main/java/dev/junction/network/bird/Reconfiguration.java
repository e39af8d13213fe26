package dev.junction.network.bird;

import java.io.IOException;
import java.time.Duration;

/**
 * BIRD's live reconfiguration from the main file ({@code configure}, never a restart), and whether
 * one is owed: when BIRD does not answer in time, what it runs is unknown until it is reconfigured
 * again. Not thread-safe: the driver calls it under its own lock.
 */
final class Reconfiguration {
  private final BirdControl bird;
  private final ConfigDirectory dir;
  private final Duration configureTimeout;
  private boolean owed;

  Reconfiguration(BirdControl bird, ConfigDirectory dir, Duration configureTimeout) {
    this.bird = bird;
    this.dir = dir;
    this.configureTimeout = configureTimeout;
  }

  /**
   * Reconfigures BIRD and returns its reply; if BIRD does not answer (the command throws), the
   * reconfiguration stays owed.
   */
  BirdReply configure() throws IOException {
    owed = true;
    BirdReply reply = send();
    owed = false;
    return reply;
  }

  /** Reconfigures BIRD and returns its reply, leaving whether one is owed as it is. */
  BirdReply send() throws IOException {
    return bird.send("configure \"" + dir.resolve(BirdRenderer.MAIN_FILE) + "\"", configureTimeout);
  }

  /** Returns whether a reconfiguration did not answer in time and none has been done since. */
  boolean owed() {
    return owed;
  }

  /** Returns whether a reconfiguration was owed, and owes none from now on. */
  boolean settle() {
    boolean was = owed;
    owed = false;
    return was;
  }
}
