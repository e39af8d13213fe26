package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The directory Junction owns for one BIRD router: {@code bird.conf}, {@code sessions/*.conf} and
 * {@code links/*.link}. Files are written whole and atomically (a staged file renamed over the
 * target); a session file, which may hold an MD5 key, is created readable by its owner only, so it
 * is never world-readable, not even while staged.
 */
final class ConfigDirectory {
  private static final Pattern SESSION = Pattern.compile("sessions/[a-z0-9_]{1,60}\\.conf");
  private static final Pattern LINK = Pattern.compile("links/[a-z0-9_]{1,60}\\.link");
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final FileAttribute<Set<PosixFilePermission>> GROUP_READ =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----"));
  private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---"));

  /** A file's size and modification time, to tell cheaply whether it changed since. */
  record FileStat(long size, long modifiedNanos) {}

  private final Path root;
  private final AtomicLong staged = new AtomicLong();

  ConfigDirectory(Path root) {
    this.root = requireNonNull(root, "root").toAbsolutePath().normalize();
    String text = this.root.toString();
    if (text.chars().anyMatch(c -> c == '"' || c < ' ')) {
      throw new IllegalArgumentException(
          "configDir: " + text + " (expected: a path without quotes or control characters)");
    }
  }

  /** Returns the directory's absolute path. */
  Path root() {
    return root;
  }

  /** Returns {@code text} with the directory's path left out of file names. */
  String relative(String text) {
    return text.replace(root + "/", "");
  }

  /** Creates the directory and its {@code sessions} and {@code links} subdirectories if missing. */
  void createLayout() throws IOException {
    for (Path dir :
        List.of(
            root, root.resolve(BirdRenderer.SESSIONS_DIR), root.resolve(BirdRenderer.LINKS_DIR))) {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, DIRECTORY);
      }
    }
  }

  /**
   * Returns whether {@code name} is a file this directory holds: the main file, a session, a link.
   */
  static boolean isValidName(String name) {
    return name.equals(BirdRenderer.MAIN_FILE)
        || SESSION.matcher(name).matches()
        || LINK.matcher(name).matches();
  }

  /** Returns the path of file {@code name}. */
  Path resolve(String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "name: " + name + " (expected: bird.conf, sessions/<stem>.conf or links/<stem>.link)");
    }
    return root.resolve(name);
  }

  /** Returns whether file {@code name} may hold a secret, and so is readable by its owner only. */
  static boolean isSecret(String name) {
    return name.startsWith(BirdRenderer.SESSIONS_DIR + "/");
  }

  /**
   * Writes {@code content} to a new hidden file next to {@code name}'s place, durably, and returns
   * it; {@link #commit} puts it in place.
   */
  Path stage(String name, String content) throws IOException {
    Path target = resolve(name);
    Path file =
        target.resolveSibling(
            "."
                + target.getFileName()
                + ".stage-"
                + ProcessHandle.current().pid()
                + "-"
                + staged.incrementAndGet());
    writeNew(file, content, isSecret(name), true);
    return file;
  }

  /**
   * Writes {@code content} to file {@code path}, which must not exist, readable by its owner only
   * or also by its group, and syncs it to disk if {@code durable}.
   */
  static void writeNew(Path path, String content, boolean ownerOnly, boolean durable)
      throws IOException {
    Files.createFile(path, ownerOnly ? OWNER_ONLY : GROUP_READ);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      if (durable) {
        channel.force(true);
      }
    }
  }

  /** Renames staged file {@code staged} over file {@code name}, atomically. */
  void commit(Path staged, String name) throws IOException {
    try {
      Files.move(staged, resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + staged + " atomically: " + e.getMessage(), e);
    }
  }

  /** Writes {@code content} to file {@code name}, atomically. */
  void write(String name, String content) throws IOException {
    commit(stage(name, content), name);
  }

  /** Removes file {@code name}, if it exists. */
  void delete(String name) throws IOException {
    Files.deleteIfExists(resolve(name));
  }

  /** Removes staged file {@code staged}, if it is still there. */
  static void discard(Path staged) {
    try {
      Files.deleteIfExists(staged);
    } catch (IOException e) {
      // A staged file left behind is ignored by BIRD (hidden, not *.conf) and removed on load.
    }
  }

  /** Returns the content of file {@code name}, or empty if it does not exist. */
  Optional<String> read(String name) throws IOException {
    try {
      return Optional.of(Files.readString(resolve(name), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Returns the size and modification time of file {@code name}, or empty if it does not exist. */
  Optional<FileStat> stat(String name) throws IOException {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return Optional.of(
          new FileStat(
              attributes.size(),
              attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns the names of every file in {@code sessions/} and {@code links/}, and of {@code
   * bird.conf} if it exists; staged files left behind by a crash are removed.
   */
  List<String> list() throws IOException {
    List<String> names = new ArrayList<>();
    if (Files.exists(root.resolve(BirdRenderer.MAIN_FILE))) {
      names.add(BirdRenderer.MAIN_FILE);
    }
    for (String dir : List.of(BirdRenderer.SESSIONS_DIR, BirdRenderer.LINKS_DIR)) {
      Path path = root.resolve(dir);
      if (!Files.isDirectory(path)) {
        continue;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
        for (Path file : files) {
          String name = file.getFileName().toString();
          if (name.startsWith(".") && name.contains(".stage-")) {
            discard(file);
          } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            names.add(dir + "/" + name);
          }
        }
      }
    }
    return names;
  }

  /** Removes a file found in {@code sessions/} or {@code links/} that is no valid name. */
  void deleteListed(String name) throws IOException {
    Path path = root.resolve(name).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("name: " + name + " (expected: inside " + root + ")");
    }
    Files.deleteIfExists(path);
  }

  /** Makes the renames and removals in the directory and its subdirectories durable. */
  void sync() throws IOException {
    for (Path dir :
        List.of(
            root, root.resolve(BirdRenderer.SESSIONS_DIR), root.resolve(BirdRenderer.LINKS_DIR))) {
      if (Files.isDirectory(dir)) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
          channel.force(true);
        }
      }
    }
  }
}
