package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The router's kernel, through iproute2: lists its interfaces, runs batches of {@code ip} commands
 * and reads its TCP counters, in the router's network namespace if it has one ({@code ip -n NS},
 * {@code ip netns exec NS}).
 */
final class Iproute {
  private static final Pattern FAILED_LINE = Pattern.compile("Command failed -:(\\d+)");

  /** How a batch ended: all commands ran, or the 1-based line that failed and what ip said. */
  record BatchResult(boolean ok, OptionalInt failedLine, String message) {
    BatchResult {
      requireNonNull(failedLine, "failedLine");
      requireNonNull(message, "message");
    }
  }

  private final ProcessRunner runner;
  private final Optional<String> namespace;

  Iproute(ProcessRunner runner, Optional<String> namespace) {
    this.runner = requireNonNull(runner, "runner");
    this.namespace = requireNonNull(namespace, "namespace");
    namespace.ifPresent(
        ns -> {
          if (!KernelNames.isSafe(ns)) {
            throw new IllegalArgumentException(
                "namespace: " + ns + " (expected: letters, digits, '.', '_' or '-')");
          }
        });
  }

  /** Returns the router's namespace, if it has one. */
  Optional<String> namespace() {
    return namespace;
  }

  /** Returns every interface of the router, by name. */
  Map<String, KernelLink> links() throws IOException {
    ProcessRunner.Result result = runner.run(ip("-j", "-d", "address", "show"));
    if (!result.ok()) {
      throw new IOException("ip address show failed: " + result.message());
    }
    try {
      return KernelLink.parseAll(result.stdout());
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot read the output of ip -j address show: " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code commands} (in {@code ip -batch} syntax) in one {@code ip} process. Without {@code
   * force}, ip stops at the first command that fails; with it, it runs them all.
   */
  BatchResult batch(List<String> commands, boolean force) throws IOException {
    if (commands.isEmpty()) {
      return new BatchResult(true, OptionalInt.empty(), "");
    }
    List<String> argv = force ? ip("-force", "-batch", "-") : ip("-batch", "-");
    ProcessRunner.Result result = runner.run(argv, String.join("\n", commands) + "\n");
    if (result.ok()) {
      return new BatchResult(true, OptionalInt.empty(), "");
    }
    OptionalInt line = OptionalInt.empty();
    List<String> said = new ArrayList<>();
    for (String text : result.stderr().strip().split("\n")) {
      Matcher failed = FAILED_LINE.matcher(text);
      if (failed.find()) {
        line = OptionalInt.of(Integer.parseInt(failed.group(1)));
      } else if (!text.isBlank()) {
        said.add(text.strip());
      }
    }
    String message =
        said.isEmpty() ? "ip exited with " + result.exitCode() : String.join("; ", said);
    return new BatchResult(false, line, message);
  }

  /** Returns the text of {@code /proc/net/netstat} as the router's namespace sees it. */
  String netstat() throws IOException {
    if (namespace.isEmpty()) {
      return Files.readString(Path.of("/proc/net/netstat"));
    }
    ProcessRunner.Result result =
        runner.run(List.of("ip", "netns", "exec", namespace.get(), "cat", "/proc/net/netstat"));
    if (!result.ok()) {
      throw new IOException("cannot read /proc/net/netstat: " + result.message());
    }
    return result.stdout();
  }

  private List<String> ip(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("ip");
    namespace.ifPresent(
        ns -> {
          argv.add("-n");
          argv.add(ns);
        });
    argv.addAll(List.of(args));
    return argv;
  }
}
