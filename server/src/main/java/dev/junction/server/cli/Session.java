package dev.junction.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of a resource command works with: the options, the environment, the profile file
 * and, once needed, the connection to the server. Everything is resolved lazily, so that a usage
 * error is reported before a missing profile.
 */
final class Session {
  private final ClientOptions options;
  private final Map<String, String> env;
  private ProfileFile file;
  private Connection connection;
  private Api api;

  Session(ClientOptions options, Map<String, String> env) {
    this.options = options;
    this.env = env;
  }

  Map<String, String> env() {
    return env;
  }

  ProfileFile profiles() {
    if (file == null) {
      file = ProfileFile.read(ProfileFile.location(env));
    }
    return file;
  }

  Connection connection() {
    if (connection == null) {
      connection = Connection.resolve(options, env, profiles());
    }
    return connection;
  }

  Api api() {
    if (api == null) {
      api = new Api(connection());
    }
    return api;
  }

  Printer printer() {
    return new Printer(options.output, System.out);
  }

  /** The folder: {@code --folder-id}, then JUNCTION_FOLDER_ID, then the profile's folderId. */
  String folderId(String flag) {
    return scope(flag, "--folder-id", "JUNCTION_FOLDER_ID", Profile::folderId, "folderId");
  }

  /** The account: {@code --account-id}, then JUNCTION_ACCOUNT_ID, then the profile's accountId. */
  String accountId(String flag) {
    return scope(flag, "--account-id", "JUNCTION_ACCOUNT_ID", Profile::accountId, "accountId");
  }

  private String scope(
      String flag,
      String name,
      String variable,
      java.util.function.Function<Profile, Optional<String>> fromProfile,
      String key) {
    if (flag != null) {
      if (flag.isEmpty()) {
        throw CliException.usage(name + ": must not be empty");
      }
      return flag;
    }
    if (!env.getOrDefault(variable, "").isEmpty()) {
      return env.get(variable);
    }
    Optional<String> profiled =
        Connection.profile(options.profile, env, profiles()).flatMap(fromProfile);
    return profiled.orElseThrow(
        () ->
            CliException.usage(
                "Missing required option: '"
                    + name
                    + "' (or set "
                    + variable
                    + ", or the"
                    + " profile's "
                    + key
                    + " with `junction profile set NAME "
                    + name
                    + " ...`)"));
  }

  /**
   * Reads a secret given in a file, or on standard input for {@code -}: its text without the final
   * line break. It stays out of the shell's history and of process listings.
   */
  static String secret(String source, String flag) {
    String text;
    try {
      if (source.equals("-")) {
        InputStream in = System.in;
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } else {
        text = Files.readString(Path.of(source), StandardCharsets.UTF_8);
      }
    } catch (NoSuchFileException e) {
      throw CliException.usage(flag + ": " + source + " does not exist");
    } catch (IOException e) {
      throw CliException.usage(flag + ": cannot read " + source + ": " + e.getMessage());
    }
    if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }
}
