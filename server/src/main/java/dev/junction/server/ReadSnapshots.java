package dev.junction.server;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerListener;
import dev.junction.store.JdbcStore;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Has each of the server's event loops end, every {@link JdbcStore#READ_SNAPSHOT_AGE}, the read
 * snapshot its own connection to the embedded store keeps between reads: an event loop that falls
 * idle would otherwise hold its last snapshot, and with it the write-ahead log's checkpoint, until
 * its next read. Started with the server, stopped when it stops.
 */
final class ReadSnapshots {
  private final JdbcStore store;
  private final List<ScheduledFuture<?>> ending = new ArrayList<>();

  private ReadSnapshots(JdbcStore store) {
    this.store = store;
  }

  /** Ends the event loops' snapshots of {@code store} while the server built by {@code sb} runs. */
  static void configure(ServerBuilder sb, JdbcStore store) {
    ReadSnapshots snapshots = new ReadSnapshots(store);
    sb.serverListener(
        ServerListener.builder()
            .whenStarted(snapshots::start)
            .whenStopping(server -> snapshots.stop())
            .build());
  }

  private synchronized void start(Server server) {
    long period = JdbcStore.READ_SNAPSHOT_AGE.toMillis();
    for (EventExecutor loop : server.config().workerGroup()) {
      ending.add(
          loop.scheduleWithFixedDelay(
              store::endReadSnapshot, period, period, TimeUnit.MILLISECONDS));
    }
  }

  private synchronized void stop() {
    ending.forEach(future -> future.cancel(false));
    ending.clear();
  }
}
