package dev.junction.server.network;

import dev.junction.core.network.RouterHeader;
import dev.junction.network.bird.BirdDriver;
import dev.junction.network.bird.BirdSettings;
import dev.junction.network.bird.LinkLayer;
import dev.junction.server.config.NetworkSettings.BirdOptions;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the BIRD driver of a router from where its BIRD is: the one place a server and {@code
 * junction agent} make one. A directory without a configuration gets the router's header first, so
 * that BIRD can be started on it.
 */
public final class BirdDrivers {
  private static final Logger log = LoggerFactory.getLogger(BirdDrivers.class);

  private BirdDrivers() {}

  /**
   * Returns the driver of the BIRD that {@code options} describe; {@code header} gives the router's
   * header when its configuration directory is still empty.
   */
  public static BirdDriver open(BirdOptions options, Supplier<RouterHeader> header) {
    BirdSettings defaults = BirdSettings.defaults();
    BirdDriver.Builder builder =
        BirdDriver.builder(options.configDir(), options.controlSocket())
            .linkLayer(
                options.linkLayer().equals("macvlan") ? LinkLayer.macvlan() : LinkLayer.vlan())
            .settings(
                defaults.withTimers(
                    options.connectDelay(), options.connectRetry(), options.errorWait()));
    options.netns().ifPresent(builder::namespace);
    BirdDriver driver = builder.build();
    if (driver.running(RouterHeader.SUBJECT_ID).isEmpty() && driver.prepare(header.get())) {
      log.info(
          "Wrote BIRD's first configuration to {}/bird.conf; BIRD runs on it with: bird -c {}/bird.conf -s {}",
          options.configDir(),
          options.configDir(),
          options.controlSocket());
    }
    return driver;
  }
}
