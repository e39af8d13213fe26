package dev.junction.network.bird;

import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.network.RouterDriver;
import dev.junction.network.RouterDriverContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/** Runs the driver contract on a real BIRD 2 in network namespaces. */
class BirdDriverContractTest extends RouterDriverContract {
  @TempDir Path dir;

  @Override
  protected Fixture open() throws IOException {
    return new BirdFixture(
        BirdTestbed.open(dir, TestIntents.header("10.255.0.1", "203.0.113.0/24")));
  }

  /** The contract's fixture over a {@link BirdTestbed}. */
  static final class BirdFixture implements Fixture {
    private final BirdTestbed bed;

    BirdFixture(BirdTestbed bed) {
      this.bed = bed;
    }

    @Override
    public RouterHeader header() {
      return bed.header;
    }

    @Override
    public String trunkInterface() {
      return bed.edgeTrunk;
    }

    @Override
    public String absentInterface() {
      return bed.lab.id() + "x";
    }

    @Override
    public RouterDriver driver() {
      return bed.driver();
    }

    @Override
    public RouterDriver restart() {
      return bed.restart();
    }

    @Override
    public void customer(SessionIntent session, Optional<String> md5Key, List<Ipv4Prefix> announced)
        throws IOException {
      bed.customer.configure(session, md5Key, announced);
    }

    @Override
    public Set<Ipv4Prefix> customerReceived(SessionIntent session) throws IOException {
      return bed.customer.received(session);
    }

    @Override
    public boolean cause(Drift drift, SessionIntent session) throws IOException {
      SubjectKey key = SubjectKey.of(session.attachmentId());
      String link = KernelNames.subInterface(bed.edgeTrunk, session.vlan().orElseThrow().value());
      switch (drift) {
        case PROTOCOL_DISABLED -> bed.edgeControl.send("disable \"" + key.bgpProtocol() + "\"");
        case CONFIG_EDITED -> {
          Path file = bed.configDir.resolve(key.sessionFile());
          String edited = Files.readString(file).replaceFirst("hold time \\d+;", "hold time 30;");
          Files.writeString(file, edited);
          bed.edgeControl.send("configure");
        }
        case LINK_DELETED -> bed.lab.ip(bed.edge, "link", "del", "dev", link);
        case LINK_DOWN -> bed.lab.ip(bed.edge, "link", "set", "dev", link, "down");
        case ADDRESS_REMOVED ->
            bed.lab.ip(
                bed.edge,
                "address",
                "del",
                new Ipv4Prefix(session.peering().cloudIp(), session.peering().subnet().length())
                    .toString(),
                "dev",
                link);
      }
      return true;
    }

    @Override
    public Duration patience() {
      return Duration.ofSeconds(20);
    }

    @Override
    public void close() throws IOException {
      bed.close();
    }
  }
}
