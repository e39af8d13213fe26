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
    System.exit(Cli.configure(new CommandLine(new Junction())).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Junction.class.getPackage().getImplementationVersion();
      return new String[] {"junction " + (version == null ? "(development build)" : version)};
    }
  }
}
