package dev.junction.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code junction profile}: the named profiles of the command line's configuration file (server
 * URL, token or token file, default folder and account). A token is never printed.
 */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description =
        "Profiles of the command line (server URL, token, default folder and account):"
            + " set, list, use, delete.")
public final class ProfileCommand implements Runnable {
  @Override
  public void run() {
    throw CliException.usage("Missing a command: set, list, use or delete");
  }

  private static ProfileFile file() {
    return ProfileFile.read(ProfileFile.location(Map.copyOf(System.getenv())));
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description =
          "Makes a profile or changes the settings given of one; the first profile becomes the"
              + " current one.")
  int set(
      @Parameters(paramLabel = "NAME") String name,
      @Option(
              names = "--url",
              paramLabel = "URL",
              description = "The server, e.g. http://127.0.0.1:8080.")
          String url,
      @Option(
              names = "--token-file",
              paramLabel = "FILE",
              description = "A file holding the token; read at each command, not copied.")
          Path tokenFile,
      @Option(
              names = "--token-stdin",
              description = "Reads the token from standard input and keeps it in the profile.")
          boolean tokenStdin,
      @Option(names = "--folder-id", paramLabel = "ID", description = "The default folder (cic).")
          String folderId,
      @Option(names = "--account-id", paramLabel = "ID", description = "The default account (cni).")
          String accountId,
      @Option(names = "--use", description = "Makes it the current profile.") boolean use) {
    ProfileFile.checkName(name);
    if (tokenFile != null && tokenStdin) {
      throw CliException.usage("--token-file and --token-stdin cannot be given together");
    }
    ProfileFile file = file();
    Profile old = file.get(name).orElse(Profile.empty(name));
    Optional<String> token = old.token();
    Optional<String> tokenPath = old.tokenFile();
    if (tokenFile != null) {
      Connection.readToken(tokenFile, "--token-file");
      tokenPath = Optional.of(tokenFile.toAbsolutePath().toString());
      token = Optional.empty();
    }
    if (tokenStdin) {
      String read;
      try {
        read = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw CliException.usage("--token-stdin: cannot read standard input: " + e.getMessage());
      }
      if (read.isEmpty() || read.contains("\n")) {
        throw CliException.usage("--token-stdin: standard input must hold the token, on one line");
      }
      token = Optional.of(read);
      tokenPath = Optional.empty();
    }
    Profile profile =
        new Profile(
            name,
            url != null ? Optional.of(Connection.checkUrl(url, "--url")) : old.url(),
            token,
            tokenPath,
            folderId != null ? nonEmpty(folderId, "--folder-id") : old.folderId(),
            accountId != null ? nonEmpty(accountId, "--account-id") : old.accountId());
    boolean existed = file.get(name).isPresent();
    file.put(profile);
    if (use || file.current().isEmpty()) {
      file.use(name);
    }
    file.write();
    System.err.println(
        (existed ? "Updated" : "Saved")
            + " profile "
            + name
            + " in "
            + file.path()
            + (file.current().filter(name::equals).isPresent() ? " (current)" : "")
            + ".");
    return 0;
  }

  private static Optional<String> nonEmpty(String value, String flag) {
    if (value.isEmpty()) {
      throw CliException.usage(flag + ": must not be empty");
    }
    return Optional.of(value);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the profiles; the current one is marked *. Tokens are not shown.")
  int list(
      @Option(
              names = {"-o", "--output"},
              paramLabel = "FORMAT",
              defaultValue = "table",
              description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
          Format format) {
    ProfileFile file = file();
    ArrayNode rows = Api.JSON.createArrayNode();
    for (Profile p : file.all()) {
      ObjectNode row = rows.addObject();
      row.put("name", p.name());
      row.put("current", file.current().filter(p.name()::equals).isPresent());
      row.put("url", p.url().orElse(""));
      row.put(
          "token",
          p.token().isPresent()
              ? "(stored)"
              : p.tokenFile().map(f -> "file " + f).orElse("(none)"));
      row.put("folderId", p.folderId().orElse(""));
      row.put("accountId", p.accountId().orElse(""));
    }
    List<JsonNode> items = new ArrayList<>();
    rows.forEach(items::add);
    ObjectNode whole = Api.JSON.createObjectNode();
    whole.set("profiles", rows);
    new Printer(format, System.out)
        .list(
            whole,
            items,
            Table.of(
                Table.computed("", r -> r.path("current").asBoolean() ? "*" : ""),
                Table.field("NAME", "/name"),
                Table.field("URL", "/url"),
                Table.field("TOKEN", "/token"),
                Table.field("FOLDER", "/folderId"),
                Table.field("ACCOUNT", "/accountId")));
    return 0;
  }

  @Command(
      name = "use",
      mixinStandardHelpOptions = true,
      description = "Makes a profile the current one.")
  int use(@Parameters(paramLabel = "NAME") String name) {
    ProfileFile file = file();
    if (file.get(name).isEmpty()) {
      throw CliException.usage(
          "NAME: there is no profile \""
              + name
              + "\" in "
              + file.path()
              + " (see `junction profile list`)");
    }
    file.use(name);
    file.write();
    System.err.println("Using profile " + name + ".");
    return 0;
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a profile.")
  int delete(@Parameters(paramLabel = "NAME") String name) {
    ProfileFile file = file();
    if (!file.remove(name)) {
      throw CliException.usage(
          "NAME: there is no profile \""
              + name
              + "\" in "
              + file.path()
              + " (see `junction profile list`)");
    }
    file.write();
    System.err.println("Deleted profile " + name + ".");
    return 0;
  }
}
