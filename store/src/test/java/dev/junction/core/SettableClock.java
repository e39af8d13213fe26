package dev.junction.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when a test tells it to. */
public final class SettableClock implements InstantSource {
  private Instant now;

  public SettableClock(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  public synchronized void tick(Duration duration) {
    now = now.plus(duration);
  }
}
