package dev.junction.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears, on a dedicated PostgreSQL connection, the routers that other processes' commits changed
 * ({@code LISTEN} on {@value PostgresDialect#CHANNEL}) and that they made operations due ({@value
 * PostgresDialect#OPERATIONS_CHANNEL}), and passes each to the store's listeners from a thread of
 * its own. When the connection is lost it connects again, waiting longer after each failure (up to
 * {@link #MAX_BACKOFF}); since it may have missed changes meanwhile, it then names every router
 * once and says once that operations may be due. It stops when closed.
 */
final class PostgresNotifications implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifications.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /** Opens a new connection to the database. */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws SQLException;
  }

  private final Connector connector;
  private final RouterListeners listeners;
  private final OperationListeners operationListeners;
  private final Thread thread;
  private volatile boolean stopped;
  private volatile @Nullable Connection connection;
  private boolean missed;

  private PostgresNotifications(
      Connector connector, RouterListeners listeners, OperationListeners operationListeners) {
    this.connector = connector;
    this.listeners = listeners;
    this.operationListeners = operationListeners;
    this.thread = new Thread(this::run, "junction-router-notifications");
    this.thread.setDaemon(true);
  }

  /**
   * Starts hearing: listens at once, so that a commit after this returns is heard, unless the
   * database cannot be reached now (then the thread keeps trying).
   */
  static PostgresNotifications start(
      Connector connector, RouterListeners listeners, OperationListeners operationListeners) {
    PostgresNotifications notifications =
        new PostgresNotifications(connector, listeners, operationListeners);
    try {
      notifications.connection = notifications.listen();
    } catch (SQLException e) {
      LOG.warn("cannot listen for router changes yet; retrying", e);
      notifications.missed = true;
    }
    notifications.thread.start();
    return notifications;
  }

  private Connection listen() throws SQLException {
    Connection opened = connector.connect();
    try (Statement statement = opened.createStatement()) {
      opened.setAutoCommit(true);
      statement.execute("LISTEN " + PostgresDialect.OPERATIONS_CHANNEL);
      statement.execute("LISTEN " + PostgresDialect.CHANNEL);
      return opened;
    } catch (SQLException e) {
      closeQuietly(opened);
      throw e;
    }
  }

  private void run() {
    Duration backoff = MIN_BACKOFF;
    while (!stopped) {
      Connection current = connection;
      try {
        if (current == null) {
          current = listen();
          connection = current;
          backoff = MIN_BACKOFF;
          if (missed) {
            missed = false;
            everyRouter(current).forEach(listeners::changed);
            operationListeners.due();
          }
        }
        PGNotification[] heard =
            current.unwrap(PGConnection.class).getNotifications((int) POLL.toMillis());
        if (heard != null) {
          boolean operationsDue = false;
          for (PGNotification notification : heard) {
            if (PostgresDialect.CHANNEL.equals(notification.getName())) {
              listeners.changed(notification.getParameter());
            } else if (PostgresDialect.OPERATIONS_CHANNEL.equals(notification.getName())) {
              operationsDue = true;
            }
          }
          if (operationsDue) {
            operationListeners.due();
          }
        }
      } catch (SQLException e) {
        if (stopped) {
          break;
        }
        LOG.warn("lost the connection that hears router changes; retrying in {}", backoff, e);
        if (current != null) {
          closeQuietly(current);
        }
        connection = null;
        missed = true;
        if (!pause(backoff)) {
          break;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
    Connection last = connection;
    if (last != null) {
      closeQuietly(last);
    }
  }

  private static List<String> everyRouter(Connection connection) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id FROM routers ORDER BY id")) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }

  /** Waits {@code duration}; returns false if the wait was cut short by {@link #close}. */
  private boolean pause(Duration duration) {
    try {
      Thread.sleep(duration);
      return !stopped;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("closing a lost connection failed", e);
    }
  }

  /** Stops hearing and waits for the thread to end. */
  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    Connection current = connection;
    if (current != null) {
      try {
        current.abort(Runnable::run);
      } catch (SQLException e) {
        LOG.debug("aborting the listening connection failed", e);
      }
    }
    try {
      thread.join(POLL.multipliedBy(4).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
