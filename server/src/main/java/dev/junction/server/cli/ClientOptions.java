package dev.junction.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every resource command takes (on {@code cic} and {@code cni}, inherited by their
 * subcommands): which server, which credential, which output format.
 */
final class ClientOptions {
  @Option(
      names = "--profile",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      description = "The profile to use (default: $JUNCTION_PROFILE, else the current profile).")
  String profile;

  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description =
          "The server's base URL, e.g. http://127.0.0.1:8080 (default: $JUNCTION_URL,"
              + " else the profile's).")
  String url;

  @Option(
      names = "--token-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "A file holding the API token (default: $JUNCTION_TOKEN, else the profile's).")
  Path tokenFile;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
  Format output = Format.table;
}
