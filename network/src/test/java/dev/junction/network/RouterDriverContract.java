package dev.junction.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.attachment.Peering;
import dev.junction.core.attachment.Routing;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.JointKind;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.TrunkIntent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link RouterDriver} does, whatever router it drives: one abstract suite, run by a
 * subclass per driver ({@code BirdDriverContractTest}, the simulated driver's) through a small
 * {@link Fixture}. Each test gets a fresh router with a trunk on {@link Fixture#trunkInterface()}
 * and sessions whose customer end the fixture plays.
 */
public abstract class RouterDriverContract {

  /**
   * How the suite reaches one router under test and the customers behind it. A fixture is made per
   * test ({@link #open()}) and closed after it.
   */
  public interface Fixture extends AutoCloseable {

    /**
     * Returns the router's header; the router announces at least one prefix, and runs this header
     * before the first test step (the suite still applies it, expecting no change).
     */
    RouterHeader header();

    /** Returns a kernel interface the router has, for the trunk every session rides on. */
    String trunkInterface();

    /** Returns the name of an interface the router does not have: a session on it is refused. */
    String absentInterface();

    /** Returns the driver under test; the same one until {@link #restart()}. */
    RouterDriver driver();

    /**
     * Closes the driver and returns a new one on the same router, as after an agent restart; the
     * router keeps running.
     */
    RouterDriver restart();

    /**
     * Plays the customer's end of {@code session}: a BGP session with {@code md5Key} (none if
     * empty) announcing {@code announced}; replaces what the customer ran for it before.
     */
    void customer(SessionIntent session, Optional<String> md5Key, List<Ipv4Prefix> announced)
        throws Exception;

    /** Returns the prefixes the customer's end of {@code session} has received from the router. */
    Set<Ipv4Prefix> customerReceived(SessionIntent session) throws Exception;

    /**
     * Causes {@code drift} to {@code session} on the router behind the driver's back; returns
     * false, and changes nothing, if this router cannot drift that way.
     */
    boolean cause(Drift drift, SessionIntent session) throws Exception;

    /** Returns how long a session may take to establish, or a change to show. */
    Duration patience();
  }

  /** Ways a router drifts from what its driver applied. */
  public enum Drift {
    /** The session's BGP protocol is disabled ({@code birdc disable}). */
    PROTOCOL_DISABLED,
    /** The session's configuration is edited and reloaded behind the driver's back. */
    CONFIG_EDITED,
    /** The session's sub-interface is deleted. */
    LINK_DELETED,
    /** The session's sub-interface is set down. */
    LINK_DOWN,
    /** The provider's address is removed from the session's sub-interface. */
    ADDRESS_REMOVED
  }

  /** The key the suite gives sessions; never to appear in a refusal, repair or observation. */
  protected static final String KEY = "contract-Key-1";

  private static final Asn CLOUD_ASN = new Asn(64512);
  private static final Ipv4Prefix CUSTOMER_PREFIX = Ipv4Prefix.of("10.20.0.0/16");

  protected Fixture fixture;
  private @org.jspecify.annotations.Nullable Object lastSeen;

  /** Returns a fresh router under test and its customers. */
  protected abstract Fixture open() throws Exception;

  @BeforeEach
  void openFixture() throws Exception {
    fixture = open();
  }

  @AfterEach
  void closeFixture() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void establishesAPrivateConnectionWithMd5AndStaticRoutes() throws Exception {
    SessionIntent session = session("cpc-one", 100, 10, KEY, "10.30.0.0/16");
    Rendered rendered = start(session, KEY);

    SubjectState state = awaitEstablished(session, s -> s.bgp().orElseThrow().routesImported() > 0);
    assertThat(state.link()).hasValueSatisfying(link -> assertThat(link.up()).isTrue());
    awaitTrue(
        "the customer receives the provider's prefixes",
        () ->
            fixture
                .customerReceived(session)
                .containsAll(fixture.header().router().announcedPrefixes()));
    RouterDriver driver = fixture.driver();
    assertThat(driver.running(session.attachmentId())).contains(rendered.asRunning());
    assertThat(driver.runningSubjects()).contains(session.attachmentId(), trunk().trunkId());
    assertThat(driver.running(RouterHeader.SUBJECT_ID))
        .contains(driver.renderHeader(fixture.header()).asRunning());
  }

  @Test
  void establishesAnUntaggedSessionOnTheTrunkPortAndRemovesIt() throws Exception {
    SessionIntent session = untagged("cni-untagged", 20, KEY);
    Rendered rendered = start(session, KEY);

    SubjectState state = awaitEstablished(session, s -> s.bgp().orElseThrow().routesImported() > 0);
    assertThat(state.link()).hasValueSatisfying(link -> assertThat(link.up()).isTrue());
    assertThat(fixture.driver().running(session.attachmentId())).contains(rendered.asRunning());

    assertThat(apply(new ChangeSet(Optional.empty(), List.of(), List.of(session.attachmentId()))))
        .isEqualTo(new ApplyResult.Applied());
    assertThat(fixture.driver().runningSubjects())
        .doesNotContain(session.attachmentId())
        .contains(trunk().trunkId());
    assertThat(fixture.driver().observe(List.of(trunk().trunkId())).get(trunk().trunkId()).link())
        .as("the trunk's port stays up")
        .hasValueSatisfying(link -> assertThat(link.up()).isTrue());
  }

  @Test
  void changesOneSessionWhileAnotherStaysUp() throws Exception {
    SessionIntent a = session("cpc-a", 101, 11, KEY);
    SessionIntent b = session("cpc-b", 102, 12, KEY);
    start(List.of(a, b), KEY);
    awaitEstablished(a, s -> true);
    Instant bSince = awaitEstablished(b, s -> true).bgp().orElseThrow().since();

    SessionIntent changed = session("cpc-a", 101, 11, "contract-Key-2", "10.31.0.0/16");
    fixture.customer(changed, Optional.of("contract-Key-2"), List.of(CUSTOMER_PREFIX));
    Rendered rendered = fixture.driver().render(fixture.header(), changed);
    assertThat(apply(new ChangeSet(Optional.empty(), List.of(rendered), List.of())))
        .isEqualTo(new ApplyResult.Applied());
    assertThat(fixture.driver().running(a.attachmentId())).contains(rendered.asRunning());
    awaitEstablished(changed, s -> true);

    BgpObservation bNow = observe(b).bgp().orElseThrow();
    assertThat(bNow.established()).isTrue();
    // BIRD keeps a protocol's state change on its monotonic clock and prints it as wall time, so
    // two reads of one unchanged session may differ by a millisecond; a restart of the session
    // would move it by the seconds a new session takes to come up.
    assertThat(Duration.between(bSince, bNow.since()).abs())
        .as("the other session's since (%s, then %s)", bSince, bNow.since())
        .isLessThan(Duration.ofMillis(100));
  }

  @Test
  void reportsAWrongKeyWithAReason() throws Exception {
    SessionIntent session = session("cpc-wrong", 103, 13, KEY);
    start(session, "not-the-key");
    SubjectState state =
        await(
            "a reason why the session is not established",
            () -> {
              SubjectState s = observe(session);
              BgpObservation bgp = s.bgp().orElseThrow();
              return !bgp.established() && !bgp.lastError().isEmpty() ? s : null;
            });
    String error = state.bgp().orElseThrow().lastError();
    assertThat(error).doesNotContain(KEY).doesNotContain("not-the-key");
    assertThat(state.bgp().orElseThrow().established()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Drift.class)
  void repairsDrift(Drift drift) throws Exception {
    SessionIntent session = session("cpc-drift", 104, 14, KEY);
    Rendered rendered = start(session, KEY);
    awaitEstablished(session, s -> true);
    assumeThat(fixture.cause(drift, session)).as("the router can drift by " + drift).isTrue();

    List<Repair> repairs =
        await(
            "repair() to find " + drift,
            () -> {
              List<Repair> found = fixture.driver().repair();
              return found.isEmpty() ? null : found;
            });
    assertThat(repairs).extracting(Repair::subjectId).contains(session.attachmentId());
    assertThat(repairs).allSatisfy(r -> assertThat(r.message()).doesNotContain(KEY));
    awaitEstablished(session, s -> s.link().orElseThrow().up());
    assertThat(fixture.driver().running(session.attachmentId())).contains(rendered.asRunning());
    assertThat(fixture.driver().repair()).isEmpty();
  }

  @Test
  void aRestartedDriverReadsBackWhatTheRouterRuns() throws Exception {
    SessionIntent session = session("cpc-restart", 105, 15, KEY, "10.32.0.0/16");
    Rendered rendered = start(session, KEY);
    awaitEstablished(session, s -> true);

    RouterDriver restarted = fixture.restart();
    assertThat(restarted.runningSubjects())
        .containsExactlyInAnyOrder(session.attachmentId(), trunk().trunkId());
    assertThat(restarted.running(session.attachmentId())).contains(rendered.asRunning());
    assertThat(restarted.running(trunk().trunkId()))
        .contains(restarted.render(fixture.header(), trunk()).asRunning());
    assertThat(restarted.running(RouterHeader.SUBJECT_ID))
        .contains(restarted.renderHeader(fixture.header()).asRunning());
    assertThat(observe(session).bgp().orElseThrow().established()).isTrue();
  }

  @Test
  void removesASession() throws Exception {
    SessionIntent session = session("cpc-gone", 106, 16, KEY);
    start(session, KEY);
    awaitEstablished(session, s -> true);

    assertThat(apply(new ChangeSet(Optional.empty(), List.of(), List.of(session.attachmentId()))))
        .isEqualTo(new ApplyResult.Applied());
    assertThat(fixture.driver().runningSubjects()).doesNotContain(session.attachmentId());
    assertThat(fixture.driver().running(session.attachmentId())).isEmpty();
    assertThat(fixture.driver().observe(List.of(session.attachmentId()))).isEmpty();
    assertThat(apply(new ChangeSet(Optional.empty(), List.of(), List.of(session.attachmentId()))))
        .isEqualTo(new ApplyResult.Applied());
  }

  @Test
  void refusesAChangeItCannotMakeAndKeepsWhatItRuns() throws Exception {
    SessionIntent kept = session("cpc-kept", 107, 17, KEY);
    Rendered keptRendered = start(kept, KEY);
    awaitEstablished(kept, s -> true);
    Set<String> before = fixture.driver().runningSubjects();

    SessionIntent misplaced =
        new SessionIntent(
            "cpc-misplaced",
            1,
            true,
            AttachmentKind.PRIVATE,
            trunk().trunkId(),
            Optional.of(fixture.absentInterface()),
            Optional.of(new VlanId(108)),
            peering(18, KEY),
            List.of(),
            Routing.defaults(AttachmentKind.PRIVATE),
            List.of());
    ApplyResult result =
        apply(
            new ChangeSet(
                Optional.empty(),
                List.of(fixture.driver().render(fixture.header(), misplaced)),
                List.of()));
    assertThat(result).isInstanceOf(ApplyResult.Refused.class);
    assertThat(((ApplyResult.Refused) result).reason()).isNotBlank().doesNotContain(KEY);
    assertThat(fixture.driver().runningSubjects()).isEqualTo(before);
    assertThat(fixture.driver().running("cpc-misplaced")).isEmpty();
    assertThat(fixture.driver().running(kept.attachmentId())).contains(keptRendered.asRunning());
    assertThat(observe(kept).bgp().orElseThrow().established()).isTrue();
  }

  @Test
  void doesNothingWhenNothingChanged() throws Exception {
    SessionIntent session = session("cpc-same", 109, 19, KEY);
    Rendered rendered = start(session, KEY);
    assertThat(apply(new ChangeSet(Optional.empty(), List.of(rendered), List.of())))
        .isEqualTo(new ApplyResult.Applied());
    assertThat(apply(new ChangeSet(Optional.empty(), List.of(), List.of())))
        .isEqualTo(new ApplyResult.Applied());
  }

  // ---------------------------------------------------------------------------------------------

  /** Returns the trunk every session of the suite rides on: a port on the trunk interface. */
  protected TrunkIntent trunk() {
    String name = fixture.trunkInterface();
    Port port =
        new Port(
            "port-" + name,
            "et-0/0/1",
            "pop-1",
            fixture.header().router().id(),
            "10G",
            Bandwidth.gbps(10),
            TransceiverType.BASE_10G_LR,
            "edge",
            name);
    return new TrunkIntent(
        "trk-contract", 1, true, JointKind.PORT, Optional.of(name), List.of(port));
  }

  /**
   * Returns a private connection on the suite's trunk: VLAN {@code vlan}, peering subnet {@code
   * 169.254.<n>.0/30}, customer AS 65001, key {@code key}, and the given static routes.
   */
  protected SessionIntent session(String id, int vlan, int n, String key, String... staticRoutes) {
    return new SessionIntent(
        id,
        1,
        true,
        AttachmentKind.PRIVATE,
        trunk().trunkId(),
        Optional.of(fixture.trunkInterface()),
        Optional.of(new VlanId(vlan)),
        peering(n, key),
        List.of(staticRoutes).stream().map(Ipv4Prefix::of).toList(),
        Routing.defaults(AttachmentKind.PRIVATE),
        List.of());
  }

  /**
   * Returns a CNI as the core gives it: untagged on the suite's trunk port (no VLAN), peering
   * subnet {@code 169.254.<n>.0/30}, customer AS 65001, key {@code key}.
   */
  protected SessionIntent untagged(String id, int n, String key) {
    return new SessionIntent(
        id,
        1,
        true,
        AttachmentKind.CNI,
        trunk().trunkId(),
        Optional.of(fixture.trunkInterface()),
        Optional.empty(),
        peering(n, key),
        List.of(),
        Routing.defaults(AttachmentKind.CNI),
        List.of());
  }

  private static Peering peering(int n, String key) {
    Ipv4Prefix subnet = Ipv4Prefix.of("169.254." + n + ".0/30");
    return new Peering(
        subnet,
        subnet.network().plus(1),
        subnet.network().plus(2),
        Optional.of(new Asn(65001)),
        CLOUD_ASN,
        key.isEmpty() ? Optional.empty() : Optional.of(Md5Key.of(key)));
  }

  private Rendered start(SessionIntent session, String customerKey) throws Exception {
    return start(List.of(session), customerKey).get(0);
  }

  /**
   * Applies the header, the trunk and {@code sessions} in one change, plays each customer with
   * {@code customerKey} announcing 10.20.0.0/16, and returns the sessions as rendered.
   */
  private List<Rendered> start(List<SessionIntent> sessions, String customerKey) throws Exception {
    RouterDriver driver = fixture.driver();
    List<Rendered> rendered =
        sessions.stream().map(s -> driver.render(fixture.header(), s)).toList();
    List<Rendered> put = new java.util.ArrayList<>();
    put.add(driver.render(fixture.header(), trunk()));
    put.addAll(rendered);
    for (SessionIntent session : sessions) {
      fixture.customer(session, Optional.of(customerKey), List.of(CUSTOMER_PREFIX));
    }
    assertThat(
            apply(
                new ChangeSet(Optional.of(driver.renderHeader(fixture.header())), put, List.of())))
        .isEqualTo(new ApplyResult.Applied());
    return rendered;
  }

  private ApplyResult apply(ChangeSet changes) {
    ApplyResult result = fixture.driver().apply(changes);
    if (result instanceof ApplyResult.Accepted) {
      return new ApplyResult.Applied();
    }
    return result;
  }

  private SubjectState observe(SessionIntent session) {
    Map<String, SubjectState> states = fixture.driver().observe(List.of(session.attachmentId()));
    assertThat(states).containsKey(session.attachmentId());
    lastSeen = states.get(session.attachmentId());
    return states.get(session.attachmentId());
  }

  private SubjectState awaitEstablished(
      SessionIntent session, java.util.function.Predicate<SubjectState> also) throws Exception {
    return await(
        session.attachmentId() + " established",
        () -> {
          SubjectState state = observe(session);
          return state.bgp().map(BgpObservation::established).orElse(false) && also.test(state)
              ? state
              : null;
        });
  }

  /** A step that returns a value once it is there, or null to be asked again. */
  @FunctionalInterface
  protected interface Probe<T> {
    @org.jspecify.annotations.Nullable
    T get() throws Exception;
  }

  /** A condition that may throw. */
  @FunctionalInterface
  protected interface Condition {
    boolean holds() throws Exception;
  }

  private void awaitTrue(String what, Condition condition) throws Exception {
    await(what, () -> condition.holds() ? Boolean.TRUE : null);
  }

  /** Asks {@code probe} until it returns a value or the fixture's patience runs out. */
  private <T> T await(String what, Probe<T> probe) throws Exception {
    long deadline = System.nanoTime() + fixture.patience().toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "waited "
                + fixture.patience().toMillis()
                + " ms for "
                + what
                + "; last seen: "
                + lastSeen);
      }
      Thread.sleep(100);
    }
  }
}
