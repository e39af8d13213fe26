package dev.junction.network.plan;

import dev.junction.network.RouterRenderer;
import dev.junction.network.bird.BirdRenderer;
import dev.junction.network.bird.BirdSettings;
import dev.junction.network.simulated.SimulatedNetwork;
import dev.junction.network.simulated.SimulatedTimings;
import java.time.InstantSource;
import java.util.Map;

/**
 * Makes the renderer of a router's driver, from the driver's name and the settings its agent
 * reported, so that the server renders a router's plan exactly as its agent would.
 */
@FunctionalInterface
public interface RendererFactory {

  /**
   * Returns the renderer of driver {@code driver} for router {@code routerId}, rendering with
   * {@code settings}.
   *
   * @throws UnknownDriver if this server cannot render for {@code driver}
   */
  RouterRenderer renderer(String routerId, String driver, Map<String, String> settings);

  /**
   * Returns the factory of the drivers this build knows: {@code simulated}, and {@code bird} with
   * the settings the agent reported ({@link BirdSettings#fromMap}).
   */
  static RendererFactory standard() {
    return (routerId, driver, settings) ->
        switch (driver) {
          // A simulated router renders from its input alone; its clock and timings are unused.
          case "simulated" ->
              new SimulatedNetwork(InstantSource.system(), SimulatedTimings.DEFAULTS)
                  .router(routerId);
          case "bird" -> bird(settings);
          default -> throw new UnknownDriver(driver);
        };
  }

  private static RouterRenderer bird(Map<String, String> settings) {
    try {
      return new BirdRenderer(BirdSettings.fromMap(settings));
    } catch (IllegalArgumentException unreadable) {
      // The agent reported settings this server cannot read (another version): no exact plan.
      throw new UnknownDriver("bird");
    }
  }

  /** Reports that the server has no renderer for a router's driver. */
  final class UnknownDriver extends RuntimeException {
    private final String driver;

    public UnknownDriver(String driver) {
      super(
          "unknown driver " + driver + ": this server cannot render its configuration",
          null,
          false,
          false);
      this.driver = driver;
    }

    /** Returns the name of the driver that has no renderer here. */
    public String driver() {
      return driver;
    }
  }
}
