package dev.junction.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Whether Node.js 18+ and npm are here, for the tests that run npm packages. */
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
