package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away network lab for tests: network namespaces with unique names ({@code jt} and four
 * random characters, so every interface name stays within 15 characters), veth pairs between them
 * and BIRD daemons with their own configuration, socket and pid files under a temporary directory.
 *
 * <p>{@link #close()} kills the daemons by pid, deletes the namespaces (their interfaces go with
 * them) and the files, whether the test passed or not. Each lab leaves a marker naming its owner
 * process before it makes anything, so that a lab left behind by a crashed run (its owner gone) is
 * cleaned when the next lab opens; labs of live processes are left alone. Traffic stays inside the
 * lab's namespaces.
 */
public final class NetnsLab implements AutoCloseable {
  static final String PREFIX = "jt";
  private static final Path MARKERS =
      Path.of(System.getProperty("java.io.tmpdir"), "junction-netns-lab");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final Path dir;
  private final Path marker;
  private final List<String> namespaces = new ArrayList<>();
  private final List<Path> pidFiles = new ArrayList<>();
  private final ProcessRunner runner = new ProcessRunner(COMMAND_TIMEOUT);

  private NetnsLab(String id, Path dir, Path marker) {
    this.id = id;
    this.dir = dir;
    this.marker = marker;
  }

  /**
   * Opens a lab whose files live under {@code dir}, after checking the requirements (root, bird,
   * birdc, ip) and cleaning labs left by dead processes.
   */
  public static NetnsLab open(Path dir) throws IOException {
    LabRequirements.requireLab();
    cleanLeftovers();
    Files.createDirectories(MARKERS);
    String id = PREFIX + randomTail();
    Path marker = MARKERS.resolve(id);
    Files.writeString(marker, ProcessHandle.current().pid() + "\n" + dir + "\n");
    return new NetnsLab(id, dir, marker);
  }

  /** Returns the lab's id, the prefix of all its names. */
  public String id() {
    return id;
  }

  /** Returns the lab's directory. */
  public Path dir() {
    return dir;
  }

  /** Makes namespace {@code id + suffix} with its loopback up, and returns its name. */
  public String namespace(String suffix) throws IOException {
    String name = id + suffix;
    appendMarker("ns " + name);
    run("ip", "netns", "add", name);
    namespaces.add(name);
    run("ip", "-n", name, "link", "set", "lo", "up");
    return name;
  }

  /**
   * Makes a veth pair {@code id + a} in {@code left} and {@code id + b} in {@code right}, MTU 9000
   * (so 8910-byte sub-interfaces fit), both up; returns the two names.
   */
  List<String> veth(String left, String right) throws IOException {
    return veth(left, right, id + "a", id + "b");
  }

  /**
   * Makes a veth pair {@code a} in {@code left} and {@code b} in {@code right}, MTU 9000, both up;
   * the names must start with the lab's id, so that the lab owns them.
   */
  public List<String> veth(String left, String right, String a, String b) throws IOException {
    if (!a.startsWith(id) || !b.startsWith(id)) {
      throw new IllegalArgumentException(
          a + ", " + b + " (expected: names starting with " + id + ")");
    }
    run(
        "ip", "-n", left, "link", "add", a, "mtu", "9000", "type", "veth", "peer", "name", b,
        "netns", right, "mtu", "9000");
    run("ip", "-n", left, "link", "set", a, "up");
    run("ip", "-n", right, "link", "set", b, "up");
    return List.of(a, b);
  }

  /**
   * Starts BIRD in {@code namespace} on configuration {@code config}, with its socket and pid file
   * in {@code home}; returns the socket once BIRD answers on it.
   */
  public Path startBird(String namespace, Path config, Path home) throws IOException {
    Files.createDirectories(home);
    Path socket = home.resolve("bird.ctl");
    Path pid = home.resolve("bird.pid");
    appendMarker("pid " + pid);
    pidFiles.add(pid);
    run(
        "ip",
        "netns",
        "exec",
        namespace,
        "bird",
        "-c",
        config.toString(),
        "-s",
        socket.toString(),
        "-P",
        pid.toString());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try (BirdControl control = new BirdControl(socket, Duration.ofSeconds(2))) {
      while (true) {
        try {
          if (!control.send("show status").isError()) {
            return socket;
          }
        } catch (IOException e) {
          if (System.nanoTime() - deadline > 0) {
            throw new IOException("BIRD did not come up on " + socket + ": " + e.getMessage(), e);
          }
        }
        sleep(20);
      }
    }
  }

  /** Runs {@code ip -n namespace args...} and returns its output; fails if ip does. */
  public String ip(String namespace, String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("ip", "-n", namespace));
    argv.addAll(List.of(args));
    return run(argv.toArray(String[]::new));
  }

  /** Runs {@code command} and returns its output; fails if it does. */
  public String run(String... command) throws IOException {
    ProcessRunner.Result result = runner.run(List.of(command));
    if (!result.ok()) {
      throw new IOException(String.join(" ", command) + " failed: " + result.message());
    }
    return result.stdout();
  }

  @Override
  public void close() throws IOException {
    List<Exception> failures = new ArrayList<>();
    for (Path pid : pidFiles) {
      kill(pid, failures);
    }
    for (String namespace : namespaces) {
      killEveryProcessIn(namespace);
      try {
        run("ip", "netns", "del", namespace);
      } catch (IOException e) {
        failures.add(e);
      }
    }
    deleteTree(dir);
    Files.deleteIfExists(marker);
    if (!failures.isEmpty()) {
      IOException failed = new IOException("the lab " + id + " did not close cleanly");
      failures.forEach(failed::addSuppressed);
      throw failed;
    }
  }

  private void appendMarker(String line) throws IOException {
    Files.writeString(
        marker, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
  }

  private static void kill(Path pidFile, List<Exception> failures) {
    try {
      if (!Files.exists(pidFile)) {
        return;
      }
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle.of(pid)
          .filter(p -> p.info().command().map(c -> c.endsWith("bird")).orElse(false))
          .ifPresent(
              process -> {
                process.destroy();
                try {
                  process.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                  process.destroyForcibly();
                }
              });
    } catch (IOException | NumberFormatException e) {
      failures.add(e);
    }
  }

  /** Kills what still runs in {@code namespace}: only this lab's namespace, by pid. */
  private void killEveryProcessIn(String namespace) {
    try {
      ProcessRunner.Result pids = runner.run(List.of("ip", "netns", "pids", namespace));
      for (String line : pids.stdout().split("\n")) {
        if (!line.isBlank()) {
          ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // The namespace is deleted next; a process left in it keeps it alive but harms nothing.
    }
  }

  /** Cleans the labs whose owner process is gone: their daemons, namespaces and files. */
  private static void cleanLeftovers() throws IOException {
    if (!Files.isDirectory(MARKERS)) {
      return;
    }
    ProcessRunner runner = new ProcessRunner(COMMAND_TIMEOUT);
    try (DirectoryStream<Path> markers = Files.newDirectoryStream(MARKERS, PREFIX + "*")) {
      for (Path marker : markers) {
        List<String> lines = Files.readAllLines(marker);
        if (lines.isEmpty()) {
          Files.deleteIfExists(marker);
          continue;
        }
        long owner;
        try {
          owner = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
          continue;
        }
        if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        NetnsLab orphan =
            new NetnsLab(marker.getFileName().toString(), Path.of(lines.get(1)), marker);
        for (String line : lines.subList(2, lines.size())) {
          if (line.startsWith("ns ")) {
            orphan.namespaces.add(line.substring(3));
          } else if (line.startsWith("pid ")) {
            orphan.pidFiles.add(Path.of(line.substring(4)));
          }
        }
        List<String> existing =
            List.of(runner.run(List.of("ip", "netns", "list")).stdout().split("\n"));
        orphan.namespaces.removeIf(
            ns -> existing.stream().noneMatch(line -> line.split(" ")[0].equals(ns)));
        try {
          orphan.close();
        } catch (IOException e) {
          // Best effort: a leftover that cannot be cleaned must not fail a new test.
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static String randomTail() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder tail = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      tail.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return tail.toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "NetnsLab[" + requireNonNull(id) + "]";
  }
}
