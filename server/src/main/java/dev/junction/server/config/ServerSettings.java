package dev.junction.server.config;

/**
 * Where the server listens, how it names itself to clients, and where its bootstrap credentials
 * come from.
 *
 * @param publicAddress the host:port gRPC clients should use, empty for the address they dialled
 * @param adminEmail the bootstrap admin's email, for X-Auth-Email with its global key
 * @param adminTokenFile a file holding the bootstrap admin token, read and never written; empty for
 *     {@code <data-dir>/admin-token}, made on the first start
 * @param adminGlobalKeyFile a file holding the bootstrap admin global key, read and never written;
 *     empty for {@code <data-dir>/admin-global-key}, made on the first start
 */
public record ServerSettings(
    int httpPort,
    int grpcPort,
    String publicAddress,
    String adminEmail,
    String adminTokenFile,
    String adminGlobalKeyFile) {

  /** Returns these settings listening on {@code http} and {@code grpc}. */
  public ServerSettings withPorts(int http, int grpc) {
    return new ServerSettings(
        http, grpc, publicAddress, adminEmail, adminTokenFile, adminGlobalKeyFile);
  }

  /**
   * Returns these settings with the bootstrap credentials read from {@code token} and {@code key}.
   */
  public ServerSettings withAdminFiles(String token, String key) {
    return new ServerSettings(httpPort, grpcPort, publicAddress, adminEmail, token, key);
  }

  static ServerSettings read(ConfigNode node) {
    int httpPort = port(node, "httpPort", 8080);
    ServerSettings server =
        new ServerSettings(
            httpPort,
            port(node, "grpcPort", httpPort),
            node.string("publicAddress", ""),
            node.string("adminEmail", "admin@junction.local"),
            node.string("adminTokenFile", ""),
            node.string("adminGlobalKeyFile", ""));
    node.rejectUnknown();
    return server;
  }

  private static int port(ConfigNode node, String key, int fallback) {
    int port = node.integer(key, fallback);
    if (port < 0 || port > 65_535) {
      throw new ConfigException(node.at(key) + ": must be a TCP port, 0-65535 (got " + port + ")");
    }
    return port;
  }
}
