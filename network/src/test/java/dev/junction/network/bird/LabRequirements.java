package dev.junction.network.bird;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells whether this machine can run the tests that need real BIRD daemons and network namespaces,
 * and skips or fails a test that cannot run: on CI ({@code CI=true}) a missing requirement fails
 * the test, naming it; elsewhere the test is skipped with what to install.
 */
public final class LabRequirements {
  private static final String INSTALL = "apt-get install bird2 iproute2, and run the tests as root";

  private LabRequirements() {}

  /** Requires the {@code bird} binary (parsing configuration needs no root). */
  public static void requireBird() {
    List<String> missing = new ArrayList<>();
    if (findOnPath("bird").isEmpty()) {
      missing.add("the bird binary (BIRD 2) on PATH");
    }
    decide(missing);
  }

  /** Requires root, {@code bird}, {@code birdc} and {@code ip}. */
  public static void requireLab() {
    List<String> missing = new ArrayList<>();
    for (String binary : List.of("bird", "birdc", "ip")) {
      if (findOnPath(binary).isEmpty()) {
        missing.add("the " + binary + " binary on PATH");
      }
    }
    if (!isRoot()) {
      missing.add("root (network namespaces need it)");
    }
    decide(missing);
  }

  /** Returns the paths of {@code binary} on PATH, first first; empty if it is not there. */
  static List<Path> findOnPath(String binary) {
    String path = System.getenv().getOrDefault("PATH", "");
    List<Path> found = new ArrayList<>();
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        found.add(candidate);
      }
    }
    return found;
  }

  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String[] fields = line.substring(4).trim().split("\\s+");
          return fields.length > 1 && fields[1].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  private static void decide(List<String> missing) {
    if (missing.isEmpty()) {
      return;
    }
    String message = "needs " + String.join(", ", missing) + " (" + INSTALL + ")";
    if ("true".equals(System.getenv("CI"))) {
      fail("CI=true and this test " + message);
    }
    assumeTrue(false, "skipped: this test " + message);
  }
}
