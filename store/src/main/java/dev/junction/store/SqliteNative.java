package dev.junction.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Keeps SQLite's native library (1.1 MB inside the driver's jar) in a folder the launcher gives
 * ({@value #CACHE_PROPERTY}, where it keeps the class-data archives), and points the driver at it.
 * Left alone, the driver writes the library to a new file in the temporary folder on every start
 * and reads both copies back to compare them: a tenth of a start's samples on the project's machine
 * (docs/performance.md, "P7: where start-up time went"). The file is named after the driver's
 * version and written once, under a temporary name moved into place, so a start never loads a
 * half-written one. Without the property, or when the folder cannot be used, the driver does as it
 * always did.
 */
final class SqliteNative {
  /** The system property naming the folder; the launcher sets it. */
  static final String CACHE_PROPERTY = "junction.nativeCache";

  private static final Logger log = LoggerFactory.getLogger(SqliteNative.class);

  private SqliteNative() {}

  /** Points the driver at the kept library, if the launcher gave a folder and none is set yet. */
  static synchronized void useCached() {
    String folder = System.getProperty(CACHE_PROPERTY, "");
    if (folder.isEmpty() || System.getProperty("org.sqlite.lib.path") != null) {
      return;
    }
    kept(Path.of(folder))
        .ifPresent(
            library -> {
              System.setProperty("org.sqlite.lib.path", library.getParent().toString());
              System.setProperty("org.sqlite.lib.name", library.getFileName().toString());
            });
  }

  /** Returns the kept library in {@code folder}, written there first if need be. */
  static Optional<Path> kept(Path folder) {
    String resource =
        LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    Path library =
        folder.resolve(
            "sqlite-" + SQLiteJDBCLoader.getVersion() + "-" + LibraryLoaderUtil.getNativeLibName());
    if (Files.isRegularFile(library)) {
      return Optional.of(library);
    }
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      Files.createDirectories(folder);
      Path temp =
          Files.createTempFile(
              folder,
              library.getFileName().toString(),
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      try {
        // Into the file made above, which keeps its mode (Files.copy would make a new one).
        try (OutputStream out = Files.newOutputStream(temp)) {
          in.transferTo(out);
        }
        try {
          Files.move(temp, library, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, library, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
      return Optional.of(library);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("Could not keep SQLite's native library in {}; the driver extracts it", folder, e);
      return Optional.empty();
    }
  }
}
