package dev.junction.server.network;

import dev.junction.network.bird.BirdDriver;
import dev.junction.network.bird.BirdSettings;
import dev.junction.network.bird.LinkLayer;
import dev.junction.server.config.NetworkSettings.BirdOptions;

/**
 * Opens the BIRD driver of a router from where its BIRD is: the one place a server and {@code
 * junction agent} make one. An agent prepares a directory without a configuration with the router's
 * header before anything else, so that BIRD can be started on it.
 */
public final class BirdDrivers {
  private BirdDrivers() {}

  /** Returns the driver of the BIRD that {@code options} describe. */
  public static BirdDriver open(BirdOptions options) {
    BirdSettings defaults = BirdSettings.defaults();
    BirdDriver.Builder builder =
        BirdDriver.builder(options.configDir(), options.controlSocket())
            .linkLayer(
                options.linkLayer().equals("macvlan") ? LinkLayer.macvlan() : LinkLayer.vlan())
            .settings(
                defaults.withTimers(
                    options.connectDelay(), options.connectRetry(), options.errorWait()));
    options.netns().ifPresent(builder::namespace);
    return builder.build();
  }
}
