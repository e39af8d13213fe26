package dev.junction.server.auth;

import dev.junction.core.access.Identities;
import dev.junction.core.access.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The bootstrap admin credentials: a bearer token and a global key (for {@code X-Auth-Email} +
 * {@code X-Auth-Key}). Either the configuration names files that hold them ({@code
 * server.adminTokenFile}, {@code server.adminGlobalKeyFile}: read, never written, the same on every
 * replica), or they are made on the first start, written to {@code <data-dir>/admin-token} and
 * {@code <data-dir>/admin-global-key} readable by their owner only (mode 0600), and read back on
 * later starts. Only the first start on a database stores them there.
 */
public final class AdminToken {
  public static final String FILE_NAME = "admin-token";
  public static final String GLOBAL_KEY_FILE_NAME = "admin-global-key";

  private AdminToken() {}

  /** The token and whether this start created it. */
  public record Bootstrap(String token, boolean created, Path file) {
    @Override
    public String toString() {
      return "Bootstrap[file=" + file + ", created=" + created + "]";
    }
  }

  /** Returns the admin token of {@code dataDir}, creating it on first use. */
  public static Bootstrap ensure(Path dataDir) throws IOException {
    return ensure(dataDir.resolve(FILE_NAME), Identities.TOKEN_PREFIX);
  }

  /** Returns the admin global key of {@code dataDir}, creating it on first use. */
  public static Bootstrap ensureGlobalKey(Path dataDir) throws IOException {
    return ensure(dataDir.resolve(GLOBAL_KEY_FILE_NAME), Identities.GLOBAL_KEY_PREFIX);
  }

  /**
   * Returns the credential in {@code file}, named by configuration setting {@code setting}, which
   * must exist and hold one.
   */
  public static Bootstrap configured(Path file, String setting) throws IOException {
    Optional<String> secret;
    try {
      secret = read(file);
    } catch (IOException e) {
      throw new IOException(
          setting + ": cannot read " + file + " (" + e.getClass().getName() + ")");
    }
    if (secret.isEmpty()) {
      throw new IOException(setting + ": " + file + " does not exist or is empty");
    }
    return new Bootstrap(secret.get(), false, file);
  }

  private static Bootstrap ensure(Path file, String prefix) throws IOException {
    Optional<String> existing = read(file);
    if (existing.isPresent()) {
      return new Bootstrap(existing.get(), false, file);
    }
    String token = Secrets.newSecret(prefix);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException raced) {
      return new Bootstrap(read(file).orElseThrow(), false, file);
    }
    Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
    return new Bootstrap(token, true, file);
  }

  /** Returns the token stored in {@code file}, if it exists and is not empty. */
  public static Optional<String> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}
