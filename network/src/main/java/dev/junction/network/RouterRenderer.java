package dev.junction.network;

import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SubjectIntent;
import java.util.Map;

/**
 * Renders what a router should run: pure functions from a router's desired state to the artifacts
 * its driver applies, and their digests. The server uses a renderer of the router's driver to show
 * a router's plan; the driver uses the same one to apply.
 */
public interface RouterRenderer {

  /** Returns the driver's name: {@code simulated} or {@code bird}. */
  String kind();

  /**
   * Returns the settings this renderer renders with, as the agent reports them, so that a renderer
   * made from them ({@link #settings()}) renders the same artifacts.
   */
  Map<String, String> settings();

  /**
   * Renders the router's header: what every subject hangs off (for BIRD, the main configuration
   * file). The same header gives the same artifacts and hash.
   */
  Rendered renderHeader(RouterHeader header);

  /**
   * Renders one present subject (a trunk or an attachment) on a router with {@code header}. The
   * same input gives the same artifacts and hash.
   */
  Rendered render(RouterHeader header, SubjectIntent subject);
}
