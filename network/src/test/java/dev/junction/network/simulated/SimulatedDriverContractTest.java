package dev.junction.network.simulated;

import dev.junction.core.catalogue.Router;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.network.RouterDriver;
import dev.junction.network.RouterDriverContract;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the driver contract on the simulated network: what a simulated router does must be what a
 * real one does, as far as the agent and the APIs can tell.
 */
class SimulatedDriverContractTest extends RouterDriverContract {

  @Override
  protected Fixture open() {
    return new SimulatedFixture();
  }

  /** A simulated router, and the customers' ends of its sessions in the simulated network. */
  static final class SimulatedFixture implements Fixture {
    private final SimulatedNetwork network =
        new SimulatedNetwork(
            InstantSource.system(),
            new SimulatedTimings(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(50)));
    private final RouterHeader header =
        new RouterHeader(
            new Router(
                "edge-sim",
                "pop-1",
                "edge-sim",
                "10.255.0.1",
                List.of(Ipv4Prefix.of("203.0.113.0/24"))),
            List.of());
    private final SimulatedRouter router = network.router("edge-sim");

    @Override
    public RouterHeader header() {
      return header;
    }

    @Override
    public String trunkInterface() {
      return "eth1";
    }

    @Override
    public String absentInterface() {
      return "eth9";
    }

    @Override
    public RouterDriver driver() {
      return router;
    }

    /** A simulated router is its driver's memory: an agent that restarts finds it as it was. */
    @Override
    public RouterDriver restart() {
      return router;
    }

    @Override
    public void customer(
        SessionIntent session, Optional<String> md5Key, List<Ipv4Prefix> announced) {
      network.customerKey(session.attachmentId(), md5Key);
    }

    @Override
    public Set<Ipv4Prefix> customerReceived(SessionIntent session) {
      boolean established =
          router
              .observe(List.of(session.attachmentId()))
              .get(session.attachmentId())
              .bgp()
              .map(b -> b.established())
              .orElse(false);
      Set<Ipv4Prefix> received = new HashSet<>();
      if (established) {
        received.addAll(header.router().announcedPrefixes());
        received.addAll(session.routing().advertisedPrefixes());
      }
      return received;
    }

    @Override
    public boolean cause(Drift drift, SessionIntent session) {
      SimulatedRouter.Drift simulated =
          switch (drift) {
            case PROTOCOL_DISABLED -> SimulatedRouter.Drift.PROTOCOL_DISABLED;
            case CONFIG_EDITED -> SimulatedRouter.Drift.CONFIG_EDITED;
            case LINK_DELETED -> SimulatedRouter.Drift.LINK_DELETED;
            case LINK_DOWN -> SimulatedRouter.Drift.LINK_DOWN;
            case ADDRESS_REMOVED -> SimulatedRouter.Drift.ADDRESS_REMOVED;
          };
      router.tamper(session.attachmentId(), simulated);
      return true;
    }

    @Override
    public Duration patience() {
      return Duration.ofSeconds(5);
    }

    @Override
    public void close() {
      router.close();
    }
  }
}
