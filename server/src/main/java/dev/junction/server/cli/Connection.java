package dev.junction.server.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a command sends its requests and with which token, resolved from the flags, then the
 * environment ({@code JUNCTION_URL}, {@code JUNCTION_TOKEN}, {@code JUNCTION_PROFILE}), then the
 * profile: the first that says something wins, one setting at a time.
 *
 * @param url the server's base URL, without a trailing slash
 * @param token the API token; never printed
 * @param profile the profile in use, if any
 */
record Connection(String url, String token, Optional<Profile> profile) {

  /** Says which profile is in use, for messages: {@code (profile "prod")} or nothing. */
  String profileNote() {
    return profile.map(p -> " (profile \"" + p.name() + "\")").orElse(" (no profile)");
  }

  /** Picks the profile: {@code --profile}, then JUNCTION_PROFILE, then the file's current one. */
  static Optional<Profile> profile(String flag, Map<String, String> env, ProfileFile file) {
    String name;
    String source;
    if (flag != null) {
      name = flag;
      source = "--profile";
    } else if (!env.getOrDefault("JUNCTION_PROFILE", "").isEmpty()) {
      name = env.get("JUNCTION_PROFILE");
      source = "JUNCTION_PROFILE";
    } else if (file.current().isPresent()) {
      name = file.current().get();
      source = "the current profile of " + file.path();
    } else {
      return Optional.empty();
    }
    Optional<Profile> found = file.get(name);
    if (found.isEmpty()) {
      throw CliException.config(
          "profile \""
              + name
              + "\" (from "
              + source
              + ") is not in "
              + file.path()
              + "; see `junction profile list`, or make it with `junction profile set "
              + name
              + " --url URL --token-file FILE`");
    }
    return found;
  }

  /** Resolves the connection from the flags, the environment and the profile file. */
  static Connection resolve(ClientOptions flags, Map<String, String> env, ProfileFile file) {
    Optional<Profile> profile = profile(flags.profile, env, file);
    String url;
    if (flags.url != null) {
      url = checkUrl(flags.url, "--url");
    } else if (!env.getOrDefault("JUNCTION_URL", "").isEmpty()) {
      url = checkUrl(env.get("JUNCTION_URL"), "JUNCTION_URL");
    } else if (profile.flatMap(Profile::url).isPresent()) {
      url =
          checkUrl(
              profile.get().url().get(), "the url of profile \"" + profile.get().name() + "\"");
    } else {
      throw CliException.config(
          "no server URL: give --url URL, set JUNCTION_URL, or save one in a profile with"
              + " `junction profile set NAME --url URL --token-file FILE`");
    }
    String token;
    if (flags.tokenFile != null) {
      token = readToken(flags.tokenFile, "--token-file");
    } else if (!env.getOrDefault("JUNCTION_TOKEN", "").isEmpty()) {
      token = env.get("JUNCTION_TOKEN").strip();
    } else if (profile.flatMap(Profile::token).isPresent()) {
      token = profile.get().token().get();
    } else if (profile.flatMap(Profile::tokenFile).isPresent()) {
      token =
          readToken(
              Path.of(profile.get().tokenFile().get()),
              "the tokenFile of profile \"" + profile.get().name() + "\"");
    } else {
      throw CliException.config(
          "no API token: give --token-file FILE, set JUNCTION_TOKEN, or save one in a profile"
              + " with `junction profile set NAME --token-file FILE` (or --token-stdin)");
    }
    return new Connection(url, checkToken(token), profile);
  }

  /** A token goes in a header: one line of printable ASCII. Says so without showing it. */
  private static String checkToken(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw CliException.config(
            "the API token must be one line of printable ASCII without spaces (character "
                + (i + 1)
                + " is not)");
      }
    }
    return token;
  }

  /** Checks a server URL: http or https, a host, no query; returns it without a trailing slash. */
  static String checkUrl(String url, String source) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw CliException.usage(source + ": \"" + url + "\" is not a URL: " + e.getReason());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw CliException.usage(
          source
              + ": \""
              + url
              + "\" must be an http:// or https:// URL with a host and no query,"
              + " e.g. http://127.0.0.1:8080");
    }
    String text = uri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }

  /**
   * Reads a token from a file (its first line, trimmed); the token itself is never in a message.
   */
  static String readToken(Path file, String source) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw CliException.config(source + ": " + file + " does not exist");
    } catch (IOException e) {
      throw CliException.config(source + ": cannot read " + file + ": " + e.getMessage());
    }
    int newline = text.indexOf('\n');
    if (newline >= 0) {
      text = text.substring(0, newline).strip();
    }
    if (text.isEmpty()) {
      throw CliException.config(source + ": " + file + " is empty; it must hold the API token");
    }
    return text;
  }
}
