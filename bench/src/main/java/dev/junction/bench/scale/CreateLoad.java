package dev.junction.bench.scale;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates private connections on the empty trunks of a prepared store and times them: one at a time
 * (each from its request to its operation done), or from many clients at once (how many are done
 * per second). Each create takes the next free VLAN on the next empty trunk in turn, so creates go
 * to every router and never collide.
 */
final class CreateLoad {
  private final JunctionClient client;
  private final List<ScaleDataDir.EmptyTrunk> trunks;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong failures = new AtomicLong();
  private volatile String firstFailure = "";

  CreateLoad(JunctionClient client, List<ScaleDataDir.EmptyTrunk> trunks) {
    this.client = client;
    this.trunks = List.copyOf(trunks);
  }

  /** Returns how many creates have failed so far, of any kind. */
  long failures() {
    return failures.get();
  }

  /** Returns the first failure's message, or "" if none failed. */
  String firstFailure() {
    return firstFailure;
  }

  /** Returns how many creates have been started so far. */
  int started() {
    return next.get();
  }

  /** One create of those run one at a time: how it went, and where its time went. */
  record Single(JunctionClient.Outcome outcome, Optional<JunctionClient.Breakdown> breakdown) {}

  /**
   * Runs {@code count} creates one after the other, and returns those that succeeded; after each,
   * it reads where the create's time went (outside the time measured).
   */
  List<Single> oneAtATime(int count, Duration poll) throws IOException, InterruptedException {
    List<Single> succeeded = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JunctionClient.Outcome outcome = client.create(nextConnection(), poll);
      if (outcome.error().isPresent()) {
        failed(outcome.error().get());
      } else {
        succeeded.add(new Single(outcome, client.breakdown(outcome.operation())));
      }
    }
    return succeeded;
  }

  /**
   * Runs {@code clients} clients for {@code duration}, each creating and waiting for its operation
   * and then creating the next; returns the creates done per second, counting every create done
   * (successfully) by the time the last client has finished.
   */
  double burst(int clients, Duration duration, Duration poll) throws InterruptedException {
    AtomicInteger done = new AtomicInteger();
    long started = System.nanoTime();
    long deadline = started + duration.toNanos();
    List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    for (int c = 0; c < clients; c++) {
      threads.add(
          Thread.ofPlatform()
              .name("burst-client-" + c)
              .start(
                  () -> {
                    try {
                      while (System.nanoTime() < deadline) {
                        JunctionClient.Outcome outcome = client.create(nextConnection(), poll);
                        if (outcome.error().isPresent()) {
                          failed(outcome.error().get());
                        } else {
                          done.incrementAndGet();
                        }
                      }
                    } catch (IOException e) {
                      failed(e.toString());
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return done.get() / ((System.nanoTime() - started) / 1e9);
  }

  private JunctionClient.Connection nextConnection() {
    int slot = next.getAndIncrement();
    int perTrunk = ScaleDataDir.PER_TRUNK;
    if (slot >= trunks.size() * perTrunk) {
      throw new IllegalStateException(
          "every VLAN of the " + trunks.size() + " empty trunks is taken; run fewer creates");
    }
    ScaleDataDir.EmptyTrunk trunk = trunks.get(slot % trunks.size());
    return new JunctionClient.Connection(
        trunk.folder(),
        String.format(Locale.ROOT, "created-%06d", slot),
        trunk.id(),
        dev.junction.core.net.VlanId.MIN + slot / trunks.size(),
        slot);
  }

  private void failed(String message) {
    if (failures.getAndIncrement() == 0) {
      firstFailure = message;
      Report.progress("  a create failed: %s", message);
    }
  }
}
