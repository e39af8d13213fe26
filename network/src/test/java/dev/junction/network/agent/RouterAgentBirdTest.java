package dev.junction.network.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.catalogue.Router;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.network.EventKind;
import dev.junction.core.network.NetworkEvent;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.operation.Operation;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.network.bird.BirdTestbed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent over a real BIRD router, as a server runs it: the core over a SQLite store with an
 * operation worker, a {@link RouterAgent} over {@link InProcessFeed}, and a {@code BirdDriver} in a
 * network-namespace lab (macvlan link layer; the trunk's port is the lab's veth). Needs root, bird,
 * birdc and ip: skipped without them, failed on CI.
 */
class RouterAgentBirdTest {
  /** How long connections keep coming. */
  private static final Duration STREAM = Duration.ofSeconds(30);

  /**
   * One create every 20 ms: a steady stream, not a burst, fast enough that the agent batches
   * several creates into one BIRD reconfiguration now and then.
   */
  private static final Duration PACE = Duration.ofMillis(20);

  /** How long the last operations may take to finish once the stream has stopped. */
  private static final Duration SETTLE = Duration.ofSeconds(20);

  /**
   * Paced for hundreds of sessions that never establish (they have no customer peer, so they stay
   * among the agent's unsettled subjects): observed every half second rather than every 20 ms, so
   * that BIRD spends its time applying. Repair and resync run every 10 s, three times in the
   * stream.
   */
  private static final AgentSettings SETTINGS =
      new AgentSettings(
          100,
          Duration.ofMillis(500),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofMillis(500),
          Duration.ofSeconds(5),
          Duration.ofMillis(200));

  @TempDir Path dir;

  @Test
  void aSteadyStreamOfCreatesConvergesOnBird() throws Exception {
    // The header the core gives router r1 (AgentFixture's catalogue), so that BIRD starts on it.
    RouterHeader header =
        new RouterHeader(
            new Router(
                AgentFixture.ROUTER,
                "pop1",
                "r1",
                "10.255.0.1",
                List.of(Ipv4Prefix.of("203.0.113.0/24"))),
            List.of());
    // Closed in reverse order, even when an assertion fails: the agent, worker and store first,
    // then BIRD, the namespaces (with every macvlan in them) and the files.
    try (BirdTestbed bed = BirdTestbed.open(dir.resolve("lab"), header);
        AgentFixture fixture = new AgentFixture(dir.resolve("core"), bed.edgePort())) {
      fixture.startAgent("replica-a", bed.driver(), SETTINGS);

      // Without MD5 keys: hundreds of keys would need the namespace's net.core.optmem_max raised.
      List<Created> created = new ArrayList<>();
      long started = System.nanoTime();
      long next = started;
      while (System.nanoTime() - started < STREAM.toNanos()) {
        int n = created.size();
        int vlan = 2 + n;
        String subnet = "169.254." + (1 + n / 64) + "." + (n % 64) * 4 + "/30";
        Operation operation = fixture.createConnection("pc-" + vlan, vlan, subnet, "", List.of());
        created.add(new Created(operation, vlan));
        next += PACE.toNanos();
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(Duration.ofNanos(wait));
        }
      }
      long streamed = System.nanoTime();

      long deadline = streamed + SETTLE.toNanos();
      for (Created c : created) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        Operation done = fixture.done(c.operation().id(), left);
        assertThat(done.error()).as("operation %s", done.id()).isEmpty();
      }
      long settled = System.nanoTime();

      List<Attachment> connections =
          fixture.store.read(tx -> tx.attachmentsOnTrunks(List.of(AgentFixture.TRUNK))).stream()
              .filter(a -> a.kind() == AttachmentKind.PRIVATE)
              .toList();
      assertThat(connections)
          .extracting(Attachment::id)
          .containsExactlyInAnyOrderElementsOf(
              created.stream().map(c -> c.operation().resourceId()).toList());
      assertThat(connections)
          .allSatisfy(a -> assertThat(a.status()).as(a.id()).isEqualTo(ResourceStatus.ACTIVE));

      Set<String> protocols = bed.edgeProtocols();
      Set<String> links = bed.edgeLinks();
      for (Created c : created) {
        String id = c.operation().resourceId();
        assertThat(protocols).as("BIRD runs %s", id).contains(BirdTestbed.bgpProtocol(id));
        assertThat(links).as("the link of %s", id).contains(bed.subInterface(c.vlan()));
      }
      assertThat(bed.driver().runningSubjects())
          .containsAll(created.stream().map(c -> c.operation().resourceId()).toList());
      List<NetworkEvent> events =
          fixture.store.read(tx -> tx.networkEvents(AgentFixture.ROUTER, 100));
      assertThat(events)
          .as("nothing refused, no drift found in what the driver applied")
          .noneMatch(e -> e.kind() == EventKind.REFUSED || e.kind() == EventKind.DRIFT_REPAIRED);
      assertThat(created).as("creates in %s", STREAM).hasSizeGreaterThan(200);

      System.out.printf(
          Locale.ROOT,
          "%d creates in %.1f s; the last operation finished %.1f s after the stream stopped%n",
          created.size(),
          (streamed - started) / 1e9,
          (settled - streamed) / 1e9);
    }
  }

  /** One create of the stream: its operation and the connection's VLAN. */
  private record Created(Operation operation, int vlan) {}
}
