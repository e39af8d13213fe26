package dev.junction.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The command line's configuration file, {@code $XDG_CONFIG_HOME/junction/config.yaml} (by default
 * {@code ~/.config/junction/config.yaml}): the profiles and which one is in use. It is written with
 * mode 0600 in a directory of mode 0700, as it may hold tokens.
 *
 * <pre>
 * current: prod
 * profiles:
 *   prod:
 *     url: https://junction.example.net
 *     tokenFile: /home/me/.junction-token
 *     folderId: my-folder
 *     accountId: 0123456789abcdef0123456789abcdef
 * </pre>
 */
final class ProfileFile {
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());
  private static final Set<String> PROFILE_KEYS =
      Set.of("url", "token", "tokenFile", "folderId", "accountId");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  private final Path path;
  private final Map<String, Profile> profiles;
  private Optional<String> current;

  private ProfileFile(Path path, Map<String, Profile> profiles, Optional<String> current) {
    this.path = path;
    this.profiles = profiles;
    this.current = current;
  }

  /** Where the file is, from the environment: XDG_CONFIG_HOME, else HOME/.config. */
  static Path location(Map<String, String> env) {
    String xdg = env.getOrDefault("XDG_CONFIG_HOME", "");
    if (!xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "junction", "config.yaml");
    }
    String home = env.getOrDefault("HOME", "");
    if (home.isEmpty()) {
      home = System.getProperty("user.home", "");
    }
    if (home.isEmpty()) {
      throw CliException.config("neither XDG_CONFIG_HOME nor HOME is set: no place for profiles");
    }
    return Path.of(home, ".config", "junction", "config.yaml");
  }

  /** Reads the file at {@code path}; a missing file holds no profiles. */
  static ProfileFile read(Path path) {
    if (!Files.exists(path)) {
      return new ProfileFile(path, new LinkedHashMap<>(), Optional.empty());
    }
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(path, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw CliException.config(
          path
              + ": not valid YAML at line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw CliException.config(path + ": cannot be read: " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new ProfileFile(path, new LinkedHashMap<>(), Optional.empty());
    }
    if (!root.isObject()) {
      throw CliException.config(path + ": must be a mapping with current and profiles");
    }
    Map<String, Profile> profiles = new LinkedHashMap<>();
    Optional<String> current = Optional.empty();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      switch (field.getKey()) {
        case "current" -> current = text(path, "current", field.getValue());
        case "profiles" -> {
          if (!field.getValue().isObject()) {
            throw CliException.config(path + ": profiles must be a mapping of names to profiles");
          }
          for (Map.Entry<String, JsonNode> entry : field.getValue().properties()) {
            profiles.put(entry.getKey(), profile(path, entry.getKey(), entry.getValue()));
          }
        }
        default ->
            throw CliException.config(
                path
                    + ": "
                    + field.getKey()
                    + " is not a key of this file (it takes current and"
                    + " profiles)");
      }
    }
    return new ProfileFile(path, profiles, current);
  }

  private static Profile profile(Path path, String name, JsonNode node) {
    if (!node.isObject()) {
      throw CliException.config(path + ": profiles." + name + " must be a mapping");
    }
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      String key = property.getKey();
      if (!PROFILE_KEYS.contains(key)) {
        throw CliException.config(
            path
                + ": profiles."
                + name
                + "."
                + key
                + " is not a profile key (they are url, token, tokenFile, folderId, accountId)");
      }
    }
    String at = "profiles." + name + ".";
    return new Profile(
        name,
        text(path, at + "url", node.get("url")),
        text(path, at + "token", node.get("token")),
        text(path, at + "tokenFile", node.get("tokenFile")),
        text(path, at + "folderId", node.get("folderId")),
        text(path, at + "accountId", node.get("accountId")));
  }

  private static Optional<String> text(Path path, String key, JsonNode value) {
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isValueNode() || value.isBinary()) {
      throw CliException.config(path + ": " + key + " must be a string");
    }
    String text = value.asText();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /** Checks a profile's name: 1-63 letters, digits, '.', '_' or '-', not starting with either. */
  static String checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw CliException.usage(
          "NAME: \""
              + name
              + "\" is not a profile name (1-63 letters, digits, '.', '_' or '-',"
              + " starting with a letter or digit)");
    }
    return name;
  }

  Path path() {
    return path;
  }

  Optional<String> current() {
    return current;
  }

  Optional<Profile> get(String name) {
    return Optional.ofNullable(profiles.get(name));
  }

  List<Profile> all() {
    return new ArrayList<>(profiles.values());
  }

  void put(Profile profile) {
    profiles.put(profile.name(), profile);
  }

  boolean remove(String name) {
    boolean removed = profiles.remove(name) != null;
    if (current.filter(name::equals).isPresent()) {
      current = Optional.empty();
    }
    return removed;
  }

  void use(String name) {
    current = Optional.of(name);
  }

  /** Writes the file: to a new file of mode 0600 beside it, then moved over it. */
  void write() {
    ObjectNode root = YAML.createObjectNode();
    current.ifPresent(c -> root.put("current", c));
    ObjectNode all = root.putObject("profiles");
    for (Profile p : profiles.values()) {
      ObjectNode node = all.putObject(p.name());
      p.url().ifPresent(v -> node.put("url", v));
      p.token().ifPresent(v -> node.put("token", v));
      p.tokenFile().ifPresent(v -> node.put("tokenFile", v));
      p.folderId().ifPresent(v -> node.put("folderId", v));
      p.accountId().ifPresent(v -> node.put("accountId", v));
    }
    Path dir = path.toAbsolutePath().getParent();
    Path temp = dir.resolve(path.getFileName() + ".tmp");
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Files.deleteIfExists(temp);
      try {
        Files.createFile(
            temp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        throw CliException.config(temp + ": is being written by another command; try again");
      }
      Files.writeString(temp, YAML.writeValueAsString(root), StandardCharsets.UTF_8);
      try {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw CliException.config(path + ": cannot be written: " + e.getMessage());
    }
  }
}
