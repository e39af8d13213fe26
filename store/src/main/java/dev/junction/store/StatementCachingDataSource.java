package dev.junction.store;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens the pool's physical connections, each with a {@link StatementCache} of its own that closes
 * with it. The connection handed to the pool is the driver's, behind a thin proxy that adds {@link
 * CachingConnection#statements()} (reached through the pool's {@link Connection#unwrap}) and closes
 * the cache before the connection; every other call goes to the driver's connection unchanged.
 */
final class StatementCachingDataSource implements DataSource {
  /** A physical connection with its cache of prepared statements. */
  interface CachingConnection extends Connection {
    StatementCache statements();
  }

  private final DataSource driver;
  private final int capacity;

  StatementCachingDataSource(DataSource driver, int capacity) {
    this.driver = requireNonNull(driver, "driver");
    this.capacity = capacity;
  }

  /** Returns the cache of {@code connection} (a pooled one), or null if it has none. */
  static StatementCache cacheOf(Connection connection) throws SQLException {
    return connection.isWrapperFor(CachingConnection.class)
        ? connection.unwrap(CachingConnection.class).statements()
        : null;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return caching(driver.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return caching(driver.getConnection(username, password));
  }

  private Connection caching(Connection physical) {
    StatementCache cache = new StatementCache(physical, capacity);
    InvocationHandler handler = new Handler(physical, cache);
    return (Connection)
        Proxy.newProxyInstance(
            CachingConnection.class.getClassLoader(),
            new Class<?>[] {CachingConnection.class},
            handler);
  }

  private record Handler(Connection physical, StatementCache cache) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "statements" -> {
          return cache;
        }
        case "close" -> cache.close();
        case "isWrapperFor" -> {
          if (((Class<?>) args[0]).isInstance(proxy)) {
            return true;
          }
        }
        case "unwrap" -> {
          if (((Class<?>) args[0]).isInstance(proxy)) {
            return proxy;
          }
        }
        case "equals" -> {
          return proxy == args[0];
        }
        case "hashCode" -> {
          return System.identityHashCode(proxy);
        }
        case "toString" -> {
          return "caching " + physical;
        }
        default -> {}
      }
      try {
        return method.invoke(physical, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return driver.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    driver.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    driver.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return driver.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return driver.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return driver.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || driver.isWrapperFor(iface);
  }
}
