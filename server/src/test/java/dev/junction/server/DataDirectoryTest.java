package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory holds the database, the secret keys and the bootstrap credentials: only the
 * server's user may read it, whatever the umask. The directory is 0700 and every file in it 0600,
 * SQLite's {@code -wal} and {@code -shm} included, and a directory found more open is narrowed on
 * start, with a log line naming each path.
 */
class DataDirectoryTest {
  @TempDir Path root;

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  private static List<Path> contents(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void aNewDataDirectoryAndEveryFileInItAreTheServersUsersOnly() throws Exception {
    Path dataDir = root.resolve("new").resolve("data");
    try (LogCapture log = LogCapture.atDebug();
        RunningServer server = new RunningServer(dataDir)) {
      // A write, so that SQLite's write-ahead log is in use.
      server.tenant("private-files");
      // Made private, not narrowed afterwards: with the test's umask (022) nothing came out open.
      assertThat(log.text()).doesNotContain("was open to others");
      assertThat(mode(dataDir)).isEqualTo("rwx------");
      List<String> names = contents(dataDir).stream().map(p -> p.getFileName().toString()).toList();
      assertThat(names)
          .contains(
              "junction.db",
              "junction.db-wal",
              "junction.db-shm",
              "server.json",
              "secret-keys",
              "admin-token",
              "admin-global-key");
      for (Path file : contents(dataDir)) {
        assertThat(mode(file)).as(file.getFileName().toString()).isEqualTo("rw-------");
      }
    }
  }

  @Test
  void aDataDirectoryOpenToOthersIsNarrowedOnStartAndTheLogSaysSo() throws Exception {
    Path dataDir = root.resolve("data");
    try (RunningServer server = new RunningServer(dataDir)) {
      server.tenant("before");
    }
    // As an earlier release, a copy or a loose umask left it.
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        dataDir.resolve("junction.db"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(
        dataDir.resolve("secret-keys"), PosixFilePermissions.fromString("rw-rw-rw-"));
    Path extra = Files.createDirectory(dataDir.resolve("backup"));
    Files.setPosixFilePermissions(extra, PosixFilePermissions.fromString("rwxrwxr-x"));
    Path copy = Files.writeString(extra.resolve("notes.txt"), "copied");
    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r-----"));

    String logged;
    try (LogCapture log = LogCapture.atDebug();
        RunningServer server = new RunningServer(dataDir)) {
      server.tenant("after");
      logged = log.text();
    }
    assertThat(mode(dataDir)).isEqualTo("rwx------");
    assertThat(mode(dataDir.resolve("junction.db"))).isEqualTo("rw-------");
    assertThat(mode(dataDir.resolve("secret-keys"))).isEqualTo("rw-------");
    assertThat(mode(extra)).isEqualTo("rwx------");
    assertThat(mode(copy)).isEqualTo("rw-------");
    assertThat(logged)
        .contains(dataDir + " was open to others than the server's user (mode rwxr-xr-x)")
        .contains(dataDir.resolve("junction.db") + " was open to others")
        .contains(dataDir.resolve("secret-keys") + " was open to others")
        .contains(copy + " was open to others");
  }
}
