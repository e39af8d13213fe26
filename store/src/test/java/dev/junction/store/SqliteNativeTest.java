package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * SQLite's native library is written once to the launcher's folder, as the driver ships it and
 * readable by its owner alone, and found there by later starts without being written again.
 */
class SqliteNativeTest {
  @TempDir Path dir;

  @Test
  void keepsTheDriversLibraryOnceAndFindsItAgain() throws Exception {
    Path folder = dir.resolve("launcher");
    Path library = SqliteNative.kept(folder).orElseThrow();

    assertThat(library.getParent()).isEqualTo(folder);
    assertThat(library.getFileName().toString()).contains(SQLiteJDBCLoader.getVersion());
    try (InputStream shipped =
        SQLiteJDBCLoader.class.getResourceAsStream(
            LibraryLoaderUtil.getNativeLibResourcePath()
                + "/"
                + LibraryLoaderUtil.getNativeLibName())) {
      assertThat(Files.readAllBytes(library)).isEqualTo(shipped.readAllBytes());
    }
    assertThat(Files.getPosixFilePermissions(library))
        .isEqualTo(
            Set.of(
                PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
    try (var files = Files.list(folder)) {
      assertThat(files).as("no temporary file left").containsExactly(library);
    }

    FileTime written = FileTime.fromMillis(1_000_000_000L);
    Files.setLastModifiedTime(library, written);
    assertThat(SqliteNative.kept(folder)).contains(library);
    assertThat(Files.getLastModifiedTime(library)).as("not written again").isEqualTo(written);
  }

  @Test
  void aFolderThatCannotBeWrittenLeavesTheDriverToItself() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");
    assertThat(SqliteNative.kept(notAFolder.resolve("launcher"))).isEmpty();
  }
}
