package dev.junction.server;

import dev.junction.server.config.ConfigException;
import dev.junction.server.config.SecretsSettings;
import dev.junction.store.SecretCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Returns the key ring that encrypts secrets at rest: the one the configuration gives ({@code
 * secrets.keys}, needed when replicas share a database), or else the one in {@code
 * <data-dir>/secret-keys}, made with one random key on the first start (mode 0600). The file holds
 * one {@code <id> <base64 key>} per line; the last line is the current key.
 *
 * <p>Public so that tools which write a data directory before the server first opens it (the
 * benchmarks that load a store in bulk) seal secrets with the very ring the server will use.
 */
public final class SecretKeys {
  static final String FILE_NAME = "secret-keys";

  private SecretKeys() {}

  /**
   * Returns the ring {@code settings} configure, or else the one in {@code dataDir}, made there
   * first if it does not exist yet.
   */
  public static SecretCipher load(SecretsSettings settings, Path dataDir) throws IOException {
    if (settings.configured()) {
      return cipher(settings.current(), settings.keys(), "the configuration's secrets.keys");
    }
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String key = Base64.getEncoder().encodeToString(SecretCipher.newKey());
        Files.writeString(file, "k1 " + key + "\n", StandardCharsets.US_ASCII);
      } catch (FileAlreadyExistsException raced) {
        // Another process made it first; read theirs.
      }
    }
    List<String> lines =
        Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
    Map<String, String> keys = new LinkedHashMap<>();
    String current = "";
    for (String line : lines) {
      String[] parts = line.split("\\s+");
      if (parts.length != 2) {
        throw new ConfigException(file + ": each line must be \"<key id> <base64 key>\"");
      }
      keys.put(parts[0], parts[1]);
      current = parts[0];
    }
    if (keys.isEmpty()) {
      throw new ConfigException(file + " holds no key");
    }
    return cipher(current, keys, file.toString());
  }

  private static SecretCipher cipher(String current, Map<String, String> keys, String source) {
    Map<String, byte[]> ring = new LinkedHashMap<>();
    try {
      keys.forEach((id, key) -> ring.put(id, Base64.getDecoder().decode(key)));
      return SecretCipher.of(current, ring);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage());
    }
  }
}
