package dev.junction.server;

import dev.junction.server.admin.AdminCommand;
import dev.junction.server.agent.AgentCommand;
import dev.junction.server.cli.CicCommand;
import dev.junction.server.cli.Cli;
import dev.junction.server.cli.CniCommand;
import dev.junction.server.cli.CompletionCommand;
import dev.junction.server.cli.ProfileCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code junction} command: {@code serve} runs a server, {@code agent} drives a router for one,
 * {@code admin} talks to one; {@code cic}, {@code cni}, {@code profile} and {@code completion} are
 * the customer's command line.
 */
@Command(
    name = "junction",
    mixinStandardHelpOptions = true,
    versionProvider = Junction.Version.class,
    description = "An open control plane for cloud interconnects.",
    subcommands = {
      ServeCommand.class,
      AgentCommand.class,
      AdminCommand.class,
      CicCommand.class,
      CniCommand.class,
      ProfileCommand.class,
      CompletionCommand.class
    })
public final class Junction implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /**
   * Returns the command line that runs {@code args}. {@code serve} gets a tree of its own: picocli
   * builds every command's model up front by reflection, and the customer's commands (hundreds of
   * options) took 0.3-1 s of a server's start (docs/performance.md, "P7: where start-up time
   * went"). Its help, errors and exit codes are the same as under the whole tree.
   */
  static CommandLine commandLine(String[] args) {
    if (args.length > 0 && args[0].equals("serve")) {
      CommandLine root = new CommandLine(new ServeOnly());
      root.addSubcommand(new ServeCommand());
      return Cli.configure(withVersion(root));
    }
    return Cli.configure(withVersion(new CommandLine(new Junction())));
  }

  /**
   * Gives every command that has none the root's version: each offers {@code --version} (picocli's
   * standard options), which would otherwise print nothing under {@code junction serve}.
   */
  static CommandLine withVersion(CommandLine commandLine) {
    CommandLine.Model.CommandSpec spec = commandLine.getCommandSpec();
    if (spec.version().length == 0) {
      spec.versionProvider(new Version());
    }
    commandLine.getSubcommands().values().forEach(Junction::withVersion);
    return commandLine;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** The {@code junction} command with {@code serve} alone under it. */
  @Command(
      name = "junction",
      mixinStandardHelpOptions = true,
      versionProvider = Junction.Version.class,
      description = "An open control plane for cloud interconnects.")
  static final class ServeOnly implements Runnable {
    @Override
    public void run() {
      new CommandLine(new Junction()).usage(System.out);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Junction.class.getPackage().getImplementationVersion();
      return new String[] {"junction " + (version == null ? "(development build)" : version)};
    }
  }
}
