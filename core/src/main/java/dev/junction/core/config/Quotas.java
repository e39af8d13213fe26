package dev.junction.core.config;

/**
 * How much of each resource a customer may have.
 *
 * @param trunksPerScope trunks in one folder or account
 * @param privatePerTrunk private connections on one trunk
 * @param publicPerTrunk public connections on one trunk
 * @param staticRoutesPerAttachment static routes on one connection
 */
public record Quotas(
    int trunksPerScope, int privatePerTrunk, int publicPerTrunk, int staticRoutesPerAttachment) {
  public static final Quotas DEFAULTS = new Quotas(2, 5, 5, 100);

  public Quotas {
    if (trunksPerScope < 0 || privatePerTrunk < 0 || publicPerTrunk < 0) {
      throw new IllegalArgumentException("quotas must not be negative");
    }
    if (staticRoutesPerAttachment < 0) {
      throw new IllegalArgumentException(
          "staticRoutesPerAttachment: " + staticRoutesPerAttachment + " (expected: >= 0)");
    }
  }
}
