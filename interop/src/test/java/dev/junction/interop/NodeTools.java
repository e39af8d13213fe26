package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Node.js and npm for the tests that run npm packages: whether they are here, and installing. */
final class NodeTools {
  private NodeTools() {}

  /**
   * Returns if Node.js 18+ and npm run; otherwise skips the test, saying what to install for {@code
   * purpose}, or fails it in CI ({@code CI=true}), where every interop test must run.
   */
  static void require(String purpose) throws InterruptedException {
    String problem = problem();
    if (problem == null) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(problem + " (CI=true: " + purpose + " must run)");
    }
    Assumptions.abort(problem + "; install Node.js 18 or newer with npm to run " + purpose);
  }

  /**
   * Installs the npm packages of {@code project} exactly as its lockfile says ({@code npm ci}),
   * logging to {@code log}, and fails with that log if npm does.
   */
  static void install(Path project, Path log) throws IOException, InterruptedException {
    Process install =
        new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(install.waitFor(10, TimeUnit.MINUTES)).as("npm ci finishes").isTrue();
    assertThat(install.exitValue()).as("npm ci:\n%s", Files.readString(log)).isZero();
  }

  private static String problem() throws InterruptedException {
    for (List<String> command :
        List.of(List.of("node", "--version"), List.of("npm", "--version"))) {
      try {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String version =
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
          return command.get(0) + " does not run";
        }
        if (command.get(0).equals("node")) {
          int major = Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
          if (major < 18) {
            return "Node.js " + version + " is too old";
          }
        }
      } catch (IOException | NumberFormatException e) {
        return command.get(0) + " is not installed";
      }
    }
    return null;
  }
}
