package dev.junction.server.config;

/**
 * What one credential may ask of one replica.
 *
 * @param requestsPerSecond the sustained rate of requests per token or global key
 * @param burst how many requests a credential may send at once above the rate
 * @param maxRequestBytes the largest request body accepted
 * @param maxPageSize the most items a list returns in one page, whatever was asked
 */
public record LimitsSettings(
    double requestsPerSecond, int burst, int maxRequestBytes, int maxPageSize) {

  static LimitsSettings read(ConfigNode node) {
    double rate = node.integer("requestsPerSecond", 50);
    int burst = node.integer("burst", 100);
    int maxRequestBytes = node.integer("maxRequestBytes", 1024 * 1024);
    int maxPageSize = node.integer("maxPageSize", 1000);
    if (rate < 1) {
      throw new ConfigException(node.at("requestsPerSecond") + ": must be at least 1");
    }
    if (burst < 1) {
      throw new ConfigException(node.at("burst") + ": must be at least 1");
    }
    if (maxRequestBytes < 1024) {
      throw new ConfigException(node.at("maxRequestBytes") + ": must be at least 1024");
    }
    if (maxPageSize < 1 || maxPageSize > 1000) {
      throw new ConfigException(node.at("maxPageSize") + ": must be 1-1000");
    }
    node.rejectUnknown();
    return new LimitsSettings(rate, burst, maxRequestBytes, maxPageSize);
  }
}
