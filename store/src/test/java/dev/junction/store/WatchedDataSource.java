package dev.junction.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * A driver whose connections show each call made to them to a watcher before they run it: for tests
 * to see, on the driver's real connections, what the store asks of them and in what order.
 */
final class WatchedDataSource {
  /** Sees a call made to a connection, before it runs. */
  @FunctionalInterface
  interface Watcher {
    void call(Method method, Object[] args);
  }

  private WatchedDataSource() {}

  static DataSource of(DataSource driver, Watcher watcher) {
    return (DataSource)
        Proxy.newProxyInstance(
            WatchedDataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(driver, method, args);
              if (!(result instanceof Connection physical)) {
                return result;
              }
              return Proxy.newProxyInstance(
                  WatchedDataSource.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    watcher.call(m, a);
                    return invoke(physical, m, a);
                  });
            });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
