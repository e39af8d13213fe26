package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code junction} launcher itself, run as a user runs it ({@code ./junction --version}) from a
 * copy of the checkout's layout with the packaged jar: which JDK it picks and keeps, the JVM
 * options it sets and lets the user override, and where its class-data archive goes.
 */
class LauncherTest {
  private static final Path JDK = Path.of(System.getProperty("java.home"));

  @TempDir Path dir;
  private Path root;
  private Path state;

  /** A result of one run of the launcher. */
  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void copyTheLayout() throws IOException {
    root = dir.resolve("checkout");
    Path target = Files.createDirectories(root.resolve("server/target"));
    Path launcher = root.resolve("junction");
    Files.copy(Path.of(System.getProperty("junction.launcher")), launcher);
    launcher.toFile().setExecutable(true);
    Path jar = Path.of(System.getProperty("junction.server.jar"));
    Files.copy(jar, target.resolve("junction-server.jar"));
    Files.createSymbolicLink(target.resolve("lib"), jar.resolveSibling("lib"));
    Files.createDirectories(dir.resolve("home"));
    state = target.resolve("launcher");
  }

  private Run run(Map<String, String> env) throws IOException, InterruptedException {
    return run(env, List.of("--version"));
  }

  private Run run(Map<String, String> env, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("junction").toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", JDK.resolve("bin") + ":/usr/bin:/bin");
    builder.environment().put("HOME", dir.resolve("home").toString());
    builder.environment().put("JUNCTION_TRACE_START", "1");
    builder.environment().putAll(env);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the launcher did not finish in 120 s");
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void keepsTheJdkItFoundAndLooksAgainOnceItIsGone() throws Exception {
    Path kept = Files.createSymbolicLink(dir.resolve("kept-jdk"), JDK);
    Files.createDirectories(state);
    Files.writeString(state.resolve("java-home"), kept + "\n");

    Run cached = run(Map.of());
    assertThat(cached.exit()).as(cached.err()).isZero();
    assertThat(cached.out()).contains("junction");
    assertThat(cached.err()).as("the JDK kept from last time").contains("(JDK " + kept + ")");

    Files.delete(kept);
    Run again = run(Map.of());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("junction");
    assertThat(again.err()).doesNotContain("(JDK " + kept + ")");
    String found = Files.readString(state.resolve("java-home")).strip();
    assertThat(found).as("the JDK found instead, kept for next time").isNotEqualTo(kept.toString());
    assertThat(Path.of(found).resolve("bin/java")).isExecutable();
  }

  @Test
  void javaHomeWinsOverTheKeptJdk() throws Exception {
    Path kept = Files.createSymbolicLink(dir.resolve("kept-jdk"), JDK);
    Path chosen = Files.createSymbolicLink(dir.resolve("chosen-jdk"), JDK);
    Files.createDirectories(state);
    Files.writeString(state.resolve("java-home"), kept + "\n");

    Run run = run(Map.of("JAVA_HOME", chosen.toString()));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).contains("(JDK " + chosen + ")");
  }

  @Test
  void setsTheHeapAndLetsJavaOptionsOverrideIt() throws Exception {
    Run defaults = run(Map.of("JUNCTION_JAVA_OPTS", "-XX:+PrintCommandLineFlags"));
    assertThat(defaults.exit()).as(defaults.err()).isZero();
    assertThat(defaults.out())
        .contains("-XX:MaxHeapSize=" + 128L * 1024 * 1024)
        .contains("-XX:+UseSerialGC")
        .contains("-XX:MaxDirectMemorySize=" + 128L * 1024 * 1024);
    if (Runtime.version().feature() >= 25) {
      assertThat(defaults.out()).contains("-XX:+UseCompactObjectHeaders");
    }
    // The server's heap holds a million connections' records, the agent's 8 bytes larger without
    // compact object headers; a full collection compacts all of it.
    Run serve =
        run(Map.of("JUNCTION_JAVA_OPTS", "-XX:+PrintCommandLineFlags"), List.of("serve", "-V"));
    assertThat(serve.exit()).as(serve.err()).isZero();
    long serveHeap = Runtime.version().feature() >= 25 ? 256 : 264;
    assertThat(serve.out())
        .contains("-XX:MaxHeapSize=" + serveHeap * 1024 * 1024)
        .contains("-XX:MarkSweepDeadRatio=0");

    Run heap =
        run(Map.of("JUNCTION_HEAP", "256m", "JUNCTION_JAVA_OPTS", "-XX:+PrintCommandLineFlags"));
    assertThat(heap.exit()).as(heap.err()).isZero();
    assertThat(heap.out()).contains("-XX:MaxHeapSize=" + 256L * 1024 * 1024);

    Run overridden =
        run(
            Map.of(
                "JUNCTION_JAVA_OPTS",
                "-XX:+PrintCommandLineFlags -Xmx200m -XX:-UseSerialGC -XX:+UseG1GC"));
    assertThat(overridden.exit()).as(overridden.err()).isZero();
    assertThat(overridden.out())
        .contains("-XX:MaxHeapSize=" + 200L * 1024 * 1024)
        .contains("-XX:+UseG1GC");
  }

  /**
   * What bounds the memory outside the heap at a million connections (docs/configuration.md,
   * "Memory and start"): freed C heap given back, Armeria's blocking pool capped, and a code cache
   * reserved large enough that the compiler's growth does not set off full collections.
   */
  @Test
  void boundsWhatLivesOutsideTheHeap() throws Exception {
    Run run =
        run(Map.of("JUNCTION_JAVA_OPTS", "-XX:+PrintCommandLineFlags -XshowSettings:properties"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("-XX:ReservedCodeCacheSize=" + 240L * 1024 * 1024);
    if (Runtime.version().feature() >= 22) {
      assertThat(run.out()).contains("-XX:TrimNativeHeapInterval=5000");
    }
    assertThat(run.err()).contains("com.linecorp.armeria.numCommonBlockingTaskThreads = 64");
  }

  @Test
  void writesTheClassDataArchiveElsewhereOrNowhereWhenItsDirectoryCannotBeWritten()
      throws Exception {
    Run first = run(Map.of());
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(archives(state)).as("the archive next to the jar").hasSize(1);
    Run second = run(Map.of());
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).as("nothing of the JVM's on stdout").isEqualTo(first.out());

    // The launcher's directory cannot be made (a file is in the way; root could write anywhere).
    deleteTree(state);
    Files.writeString(state, "not a directory");
    Path cache = dir.resolve("cache");
    Run elsewhere = run(Map.of("XDG_CACHE_HOME", cache.toString()));
    assertThat(elsewhere.exit()).as(elsewhere.err()).isZero();
    assertThat(elsewhere.out()).contains("junction");
    try (Stream<Path> dirs = Files.list(cache.resolve("junction"))) {
      List<Path> found = dirs.toList();
      assertThat(found).hasSize(1);
      assertThat(archives(found.get(0))).as("the archive in the user's cache").hasSize(1);
    }

    // Neither can be written: the JVM runs without an archive rather than failing at exit.
    Path noCache = Files.writeString(dir.resolve("no-cache"), "not a directory");
    Run nowhere = run(Map.of("XDG_CACHE_HOME", noCache.toString()));
    assertThat(nowhere.exit()).as(nowhere.err()).isZero();
    assertThat(nowhere.out()).contains("junction");

    // And JUNCTION_CDS=off runs without one whatever can be written.
    Files.delete(state);
    Run off = run(Map.of("JUNCTION_CDS", "off"));
    assertThat(off.exit()).as(off.err()).isZero();
    assertThat(archives(state)).isEmpty();
  }

  /**
   * A server command asked only for its help or version loads a fraction of its classes: an archive
   * made by it would be kept, and miss most of them, until the next build.
   */
  @Test
  void makesNoArchiveFromACommandThatOnlyPrintsItsHelpOrVersion() throws Exception {
    for (List<String> args :
        List.of(List.of("serve", "--help"), List.of("admin", "-h"), List.of("serve", "-V"))) {
      Run run = run(Map.of(), args);
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).as("%s", args).isNotBlank();
      assertThat(archives(state)).as("archives after %s", args).isEmpty();
    }
    Run version = run(Map.of());
    assertThat(version.exit()).as(version.err()).isZero();
    assertThat(archives(state)).as("the launcher's own --version still makes one").hasSize(1);
  }

  @Test
  void replacesAnArchiveOlderThanTheJar() throws Exception {
    Run first = run(Map.of());
    assertThat(first.exit()).as(first.err()).isZero();
    List<Path> made = archives(state);
    assertThat(made).hasSize(1);
    // A build after it: the JVM would refuse this archive and, finding the file, not replace it.
    Path jar = root.resolve("server/target/junction-server.jar");
    FileTime built = Files.getLastModifiedTime(jar);
    FileTime before = FileTime.fromMillis(built.toMillis() - 3_600_000);
    Files.setLastModifiedTime(made.get(0), before);

    Run second = run(Map.of());
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(archives(state)).hasSize(1);
    assertThat(Files.getLastModifiedTime(archives(state).get(0)))
        .as("written again, after the jar")
        .isGreaterThan(built);
  }

  @Test
  void buildsOnceWhenOnlyAModuleTheServerDependsOnChanged() throws Exception {
    // A source of the core, newer than the server's jar; and, in place of the Maven Wrapper, a
    // stand-in that records each build and, as Maven does when only a dependency changed, leaves
    // the server's jar as it was.
    Path jar = root.resolve("server/target/junction-server.jar");
    Path source =
        Files.createDirectories(root.resolve("core/src/main/java")).resolve("Changed.java");
    Files.writeString(source, "class Changed {}\n");
    Files.setLastModifiedTime(
        jar, FileTime.fromMillis(Files.getLastModifiedTime(source).toMillis() - 60_000));
    Path builds = dir.resolve("builds.txt");
    Path wrapper = root.resolve("mvnw");
    Files.writeString(wrapper, "#!/bin/sh\necho \"$*\" >> '" + builds + "'\n");
    wrapper.toFile().setExecutable(true);

    Run first = run(Map.of());
    Run second = run(Map.of());

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err()).contains("building the server");
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.err()).doesNotContain("building the server");
    assertThat(Files.readAllLines(builds)).as("builds").hasSize(1);
  }

  private static List<Path> archives(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().matches(".*\\.(jsa|aot)")).toList();
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(file);
      }
    }
  }
}
