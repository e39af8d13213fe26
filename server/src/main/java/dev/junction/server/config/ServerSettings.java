package dev.junction.server.config;

/**
 * Where the server listens and how it names itself to clients.
 *
 * @param publicAddress the host:port gRPC clients should use, empty for the address they dialled
 * @param adminEmail the bootstrap admin's email, for X-Auth-Email with its global key
 */
public record ServerSettings(int httpPort, int grpcPort, String publicAddress, String adminEmail) {

  static ServerSettings read(ConfigNode node) {
    int httpPort = port(node, "httpPort", 8080);
    ServerSettings server =
        new ServerSettings(
            httpPort,
            port(node, "grpcPort", httpPort),
            node.string("publicAddress", ""),
            node.string("adminEmail", "admin@junction.local"));
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
