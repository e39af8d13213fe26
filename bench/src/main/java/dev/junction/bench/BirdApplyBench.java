package dev.junction.bench;

import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.attachment.Peering;
import dev.junction.core.attachment.Routing;
import dev.junction.core.catalogue.Router;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.network.ApplyResult;
import dev.junction.network.ChangeSet;
import dev.junction.network.Rendered;
import dev.junction.network.bird.BirdControl;
import dev.junction.network.bird.BirdDriver;
import dev.junction.network.bird.BirdReply;
import dev.junction.network.bird.BirdSettings;
import dev.junction.network.bird.LinkLayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Measures what one change costs on a BIRD router that carries many attachments: {@link
 * BirdDriver#apply} of the change against BIRD's own {@code birdc configure} of the same final
 * configuration, measured in the same run on the same daemon.
 *
 * <p>It makes a network namespace ({@code jb} and four random characters) with a veth pair in it,
 * raises the namespace's {@code net.core.optmem_max} (every MD5 key sits on BIRD's listening
 * socket), starts BIRD on the driver's directory, loads the attachments through the driver in
 * batches (partner hand-offs: no link each, their peers unreachable, so the sessions stay idle),
 * then runs the rounds. Everything it made is removed at the end, also on failure.
 *
 * <p>Usage: {@code BirdApplyBench [attachments] [rounds]} (defaults 10000 and 5). Needs root,
 * {@code bird}, {@code birdc} and {@code ip}.
 */
public final class BirdApplyBench {
  private static final int BATCH = 1000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int attachments;
  private final int rounds;
  private final Path dir;
  private final String namespace;
  private final RouterHeader header;
  private final List<String> report = new ArrayList<>();

  private BirdApplyBench(int attachments, int rounds, Path dir, String namespace) {
    this.attachments = attachments;
    this.rounds = rounds;
    this.dir = dir;
    this.namespace = namespace;
    this.header =
        new RouterHeader(
            new Router(
                "rtr-bench",
                "pop-1",
                "bench",
                "10.255.0.1",
                List.of(Ipv4Prefix.of("203.0.113.0/24"))),
            List.of());
  }

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    int attachments = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    if (attachments < 1 || attachments > 16_000 || rounds < 3) {
      throw new IllegalArgumentException(
          "attachments: " + attachments + ", rounds: " + rounds + " (expected: 1-16000, >= 3)");
    }
    Path dir = Files.createTempDirectory("junction-bird-bench");
    String namespace = "jb" + tail();
    BirdApplyBench bench = new BirdApplyBench(attachments, rounds, dir, namespace);
    Thread cleanup = new Thread(bench::cleanUp);
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      bench.run();
    } finally {
      bench.cleanUp();
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
  }

  private void run() throws Exception {
    run("ip", "netns", "add", namespace);
    run("ip", "-n", namespace, "link", "set", "lo", "up");
    String trunk = namespace + "a";
    run(
        "ip",
        "-n",
        namespace,
        "link",
        "add",
        trunk,
        "mtu",
        "9000",
        "type",
        "veth",
        "peer",
        "name",
        namespace + "b",
        "mtu",
        "9000");
    run("ip", "-n", namespace, "link", "set", trunk, "up");
    run("ip", "-n", namespace, "link", "set", namespace + "b", "up");
    run("ip", "netns", "exec", namespace, "sysctl", "-q", "-w", "net.core.optmem_max=67108864");

    Path config = dir.resolve("config");
    Path socket = dir.resolve("bird.ctl");
    BirdSettings settings = BirdSettings.defaults().withLog(dir.resolve("bird.log").toString());
    try (BirdDriver driver = driver(config, socket, settings, BirdDriver.CheckScope.CHANGED);
        BirdControl control = new BirdControl(socket, Duration.ofMinutes(5))) {
      driver.prepare(header);
      run(
          "ip",
          "netns",
          "exec",
          namespace,
          "bird",
          "-c",
          config.resolve("bird.conf").toString(),
          "-s",
          socket.toString(),
          "-P",
          dir.resolve("bird.pid").toString());
      awaitBird(control);
      line("BIRD 2 in namespace %s, %d attachments, %d rounds", namespace, attachments, rounds);

      long loadStart = System.nanoTime();
      for (int from = 0; from < attachments; from += BATCH) {
        List<Rendered> put = new ArrayList<>();
        for (int i = from; i < Math.min(attachments, from + BATCH); i++) {
          put.add(driver.render(header, partner(i, "key-" + i)));
        }
        ApplyResult result =
            driver.apply(
                new ChangeSet(
                    from == 0 ? Optional.of(driver.renderHeader(header)) : Optional.empty(),
                    put,
                    List.of()));
        require(result, "loading attachments " + from + "-" + (from + put.size() - 1));
      }
      line(
          "loaded %d attachments through BirdDriver.apply in batches of %d: %.1f s",
          attachments, BATCH, seconds(System.nanoTime() - loadStart));
      BirdReply protocols = control.send("show protocols");
      line(
          "BIRD runs %d protocols; config dir holds %d session files",
          protocols.lines().size() - 1, count(config.resolve("sessions")));

      List<Long> check = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        long t = System.nanoTime();
        BirdReply reply = control.send("configure check \"" + config.resolve("bird.conf") + "\"");
        check.add(System.nanoTime() - t);
        if (reply.isError()) {
          throw new IllegalStateException("configure check failed: " + reply.finalText());
        }
      }
      line("");
      stats("BIRD's full 'configure check' of the whole configuration", check);

      int[] next = {attachments};
      measure(
          driver,
          control,
          "a new attachment (partner hand-off, no link)",
          r ->
              new ChangeSet(
                  Optional.empty(),
                  List.of(driver.render(header, partner(next[0]++, "new-key"))),
                  List.of()));
      measure(
          driver,
          control,
          "an MD5 key change of one attachment",
          r ->
              new ChangeSet(
                  Optional.empty(),
                  List.of(driver.render(header, partner(7, "changed-key-" + r))),
                  List.of()));
      measure(
          driver,
          control,
          "a new attachment on a sub-interface (macvlan made by iproute2)",
          r ->
              new ChangeSet(
                  Optional.empty(),
                  List.of(driver.render(header, onTrunk(next[0]++, trunk, 100 + r))),
                  List.of()));
      measure(
          driver,
          control,
          "removing one attachment",
          r -> new ChangeSet(Optional.empty(), List.of(), List.of(id(1000 + r))));
    }
    try (BirdDriver full = driver(config, socket, settings, BirdDriver.CheckScope.FULL);
        BirdControl control = new BirdControl(socket, Duration.ofMinutes(5))) {
      measure(
          full,
          control,
          "an MD5 key change, checked in full (CheckScope.FULL)",
          r ->
              new ChangeSet(
                  Optional.empty(),
                  List.of(full.render(header, partner(9, "full-key-" + r))),
                  List.of()));
    }
    System.out.println();
    report.forEach(System.out::println);
  }

  private BirdDriver driver(
      Path config, Path socket, BirdSettings settings, BirdDriver.CheckScope scope) {
    return BirdDriver.builder(config, socket)
        .namespace(namespace)
        .linkLayer(LinkLayer.macvlan())
        .settings(settings)
        .checkScope(scope)
        .configureTimeout(Duration.ofMinutes(5))
        .confirmTimeout(Duration.ofSeconds(60))
        .build();
  }

  /**
   * Times {@code rounds} changes through the driver, each followed by BIRD's own {@code birdc
   * configure} of the same final file (and the same over the control socket, without birdc's
   * start).
   */
  private void measure(
      BirdDriver driver, BirdControl control, String what, IntFunction<ChangeSet> change)
      throws Exception {
    List<Long> applied = new ArrayList<>();
    List<Long> birdc = new ArrayList<>();
    List<Long> socket = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      ChangeSet changes = change.apply(r);
      long t0 = System.nanoTime();
      ApplyResult result = driver.apply(changes);
      applied.add(System.nanoTime() - t0);
      require(result, what);

      long t1 = System.nanoTime();
      run("birdc", "-s", dir.resolve("bird.ctl").toString(), "configure");
      birdc.add(System.nanoTime() - t1);

      long t2 = System.nanoTime();
      BirdReply reply = control.send("configure");
      socket.add(System.nanoTime() - t2);
      if (reply.isError()) {
        throw new IllegalStateException("configure failed: " + reply.finalText());
      }
    }
    line("");
    line("%s:", what);
    stats("  BirdDriver.apply", applied);
    stats("  birdc configure (baseline)", birdc);
    stats("  configure over the socket", socket);
    line(
        "  ratio of medians: apply / birdc configure = %.2f; apply / socket configure = %.2f",
        (double) median(applied) / median(birdc), (double) median(applied) / median(socket));
  }

  private SessionIntent partner(int i, String key) {
    return session(i, Optional.empty(), Optional.empty(), key);
  }

  private SessionIntent onTrunk(int i, String trunk, int vlan) {
    return session(i, Optional.of(trunk), Optional.of(new VlanId(vlan)), "trunk-key");
  }

  private static String id(int i) {
    return String.format(Locale.ROOT, "cpcbench%012d", i);
  }

  /**
   * Returns attachment {@code i}: a private connection on peering subnet 169.254.a.b/30 (the i-th
   * /30), customer AS 4200000000 + i, MD5 key {@code key}, one static route.
   */
  private static SessionIntent session(
      int i, Optional<String> parent, Optional<VlanId> vlan, String key) {
    Ipv4Prefix subnet = new Ipv4Prefix(Ipv4Address.of("169.254.0.0").plus(4L * i), 30);
    Peering peering =
        new Peering(
            subnet,
            subnet.network().plus(1),
            subnet.network().plus(2),
            Optional.of(new Asn(4_200_000_000L + i)),
            new Asn(64512),
            Optional.of(Md5Key.of(key)));
    Ipv4Prefix route = new Ipv4Prefix(Ipv4Address.of("10.0.0.0").plus(256L * i), 24);
    return new SessionIntent(
        id(i),
        1,
        true,
        AttachmentKind.PRIVATE,
        "trk-bench",
        parent,
        vlan,
        peering,
        List.of(route),
        Routing.defaults(AttachmentKind.PRIVATE),
        List.of());
  }

  private static void require(ApplyResult result, String what) {
    if (!(result instanceof ApplyResult.Applied)) {
      throw new IllegalStateException(what + ": " + result);
    }
  }

  private void awaitBird(BirdControl control) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        control.send("show status");
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("BIRD did not start: " + e.getMessage(), e);
        }
        Thread.sleep(20);
      }
    }
  }

  private void cleanUp() {
    Path pid = dir.resolve("bird.pid");
    try {
      if (Files.exists(pid)) {
        long bird = Long.parseLong(Files.readString(pid).strip());
        ProcessHandle.of(bird)
            .ifPresent(
                p -> {
                  p.destroy();
                  try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    p.destroyForcibly();
                  }
                });
        Files.deleteIfExists(pid);
      }
      new ProcessBuilder("ip", "netns", "del", namespace)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(20, TimeUnit.SECONDS);
      if (Files.exists(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(path);
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      System.err.println("bench: could not clean up everything: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish");
    }
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output.strip());
    }
    return output;
  }

  private static long count(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.count();
    }
  }

  private void stats(String what, List<Long> nanos) {
    List<Long> sorted = nanos.stream().sorted().toList();
    line(
        "%-60s min %8.1f ms  median %8.1f ms  max %8.1f ms  (%d rounds)",
        what,
        sorted.get(0) / 1e6,
        median(nanos) / 1e6,
        sorted.get(sorted.size() - 1) / 1e6,
        nanos.size());
  }

  private static long median(List<Long> nanos) {
    List<Long> sorted = nanos.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private void line(String format, Object... args) {
    String text = String.format(Locale.ROOT, format, args);
    report.add(text);
    System.out.println(text);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static String tail() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder tail = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      tail.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return tail.toString();
  }
}
