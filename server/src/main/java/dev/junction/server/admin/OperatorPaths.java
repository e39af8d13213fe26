package dev.junction.server.admin;

import com.linecorp.armeria.common.HttpMethod;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every path of the operator API with the methods it takes, so that a path with no operation
 * answers 404 and a method a path does not take answers 405 before anything is read.
 */
final class OperatorPaths {
  private static final String ID = "[^/:]+";
  private static final List<Entry> ENTRIES =
      List.of(
          entry("/tenants", HttpMethod.GET, HttpMethod.POST),
          entry("/tenants/" + ID + "/scopes", HttpMethod.POST),
          entry("/principals", HttpMethod.GET, HttpMethod.POST),
          entry("/principals/" + ID + "/grants(:revoke)?", HttpMethod.POST),
          entry("/principals/" + ID + "/globalKey", HttpMethod.POST),
          entry("/tokens", HttpMethod.GET, HttpMethod.POST),
          entry("/tokens/" + ID + ":revoke", HttpMethod.POST),
          entry("/audit", HttpMethod.GET),
          entry("/secrets:rewrap", HttpMethod.POST),
          entry("/catalogue", HttpMethod.PUT),
          entry("/pools/cni", HttpMethod.GET, HttpMethod.PUT),
          entry("/routers", HttpMethod.GET),
          entry("/routers/" + ID + "(:plan)?", HttpMethod.GET),
          entry("/routers/" + ID + "/credentials", HttpMethod.GET, HttpMethod.POST),
          entry("/agentCredentials", HttpMethod.GET),
          entry("/agentCredentials/" + ID, HttpMethod.DELETE),
          entry("/tickets", HttpMethod.GET),
          entry("/tickets/" + ID + ":(approve|reject)", HttpMethod.POST),
          entry("/publicConnections", HttpMethod.POST),
          entry("/publicConnections/" + ID, HttpMethod.DELETE),
          entry("/network/faults", HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE),
          entry("/observations/" + ID, HttpMethod.GET));

  private OperatorPaths() {}

  /** A path pattern and the methods it takes. */
  record Entry(Pattern path, List<HttpMethod> methods) {}

  private static Entry entry(String path, HttpMethod... methods) {
    return new Entry(Pattern.compile("/admin/v1" + path), List.of(methods));
  }

  /** Returns the methods {@code path} takes, empty if the operator API has no such path. */
  static Optional<List<HttpMethod>> methods(String path) {
    return ENTRIES.stream()
        .filter(entry -> entry.path().matcher(path).matches())
        .findFirst()
        .map(Entry::methods);
  }
}
