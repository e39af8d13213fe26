package dev.junction.server;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the data directory readable by the server's user only: the directory (and any directory in
 * it) 0700, every file in it 0600, whatever the process umask. It holds the database, the secret
 * keys and the bootstrap credentials. A directory or file found more open is narrowed, and the log
 * says so, naming the path.
 */
final class DataDirectory {
  private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private DataDirectory() {}

  /**
   * Makes {@code dir} (0700) if it is missing, and narrows it and everything in it that is more
   * open than 0700 / 0600, logging each change.
   */
  static void secure(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createDirectory(dir, attribute(DIRECTORY));
      } catch (UnsupportedOperationException notPosix) {
        Files.createDirectory(dir);
      } catch (FileAlreadyExistsException raced) {
        // Made meanwhile: narrowed below like any existing directory.
      }
    }
    narrow(dir);
  }

  /**
   * Makes the empty file {@code file} with mode 0600 if it is missing, so that what opens it next
   * (SQLite: also its {@code -wal} and {@code -shm}, which take the database file's mode) never
   * makes it with the umask's mode.
   */
  static void createPrivate(Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.createFile(file, attribute(FILE));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException raced) {
      // Made meanwhile by another opener: narrowed by the next pass.
    }
  }

  /**
   * Takes from {@code dir} and everything in it any permission beyond 0700 (directories) or 0600
   * (files), logging each change. Run on start, and again once the store made its files.
   */
  static void narrow(Path dir) throws IOException {
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.toList();
    }
    for (Path path : paths) {
      if (Files.isSymbolicLink(path)) {
        continue;
      }
      boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
      Set<PosixFilePermission> wanted = directory ? DIRECTORY : FILE;
      Set<PosixFilePermission> actual;
      try {
        actual = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException gone) {
        continue; // a temporary file removed meanwhile
      }
      if (wanted.containsAll(actual)) {
        continue;
      }
      Set<PosixFilePermission> narrowed = EnumSet.noneOf(PosixFilePermission.class);
      narrowed.addAll(actual);
      narrowed.retainAll(wanted);
      Files.setPosixFilePermissions(path, narrowed);
      log.warn(
          "{} was open to others than the server's user (mode {}): set it to {}",
          path,
          PosixFilePermissions.toString(actual),
          PosixFilePermissions.toString(narrowed));
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(
      Set<PosixFilePermission> permissions) {
    return PosixFilePermissions.asFileAttribute(permissions);
  }
}
