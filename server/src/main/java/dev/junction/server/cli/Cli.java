package dev.junction.server.cli;

import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the customer's commands ({@code cic}, {@code cni}, {@code profile}, {@code completion}) end
 * when something is wrong: a usage error names the flag and the rule, with a short usage and a
 * hint, and exits 2; any other failure prints its message, never a stack trace, and exits with the
 * code {@link CliException} gives. The other commands keep picocli's defaults.
 */
public final class Cli {
  private static final Set<String> OURS = Set.of("cic", "cni", "profile", "completion");

  private Cli() {}

  /** Installs the handlers on {@code root} (the {@code junction} command) and returns it. */
  public static CommandLine configure(CommandLine root) {
    IParameterExceptionHandler parameters = root.getParameterExceptionHandler();
    IExecutionExceptionHandler execution = root.getExecutionExceptionHandler();
    for (String name : OURS) {
      CommandLine sub = root.getSubcommands().get(name);
      if (sub != null) {
        abbreviate(sub);
      }
    }
    root.setParameterExceptionHandler(
        (ex, args) ->
            ours(ex.getCommandLine()) ? usage(ex) : parameters.handleParseException(ex, args));
    root.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) ->
            ours(commandLine)
                ? failed(ex, commandLine)
                : execution.handleExecutionException(ex, commandLine, parseResult));
    return root;
  }

  private static void abbreviate(CommandLine commandLine) {
    commandLine.getCommandSpec().usageMessage().abbreviateSynopsis(true);
    commandLine.getSubcommands().values().forEach(Cli::abbreviate);
  }

  /** Whether a command is one of the customer's (or under one). */
  static boolean ours(CommandLine commandLine) {
    CommandLine top = commandLine;
    while (top.getParent() != null && top.getParent().getParent() != null) {
      top = top.getParent();
    }
    return top.getParent() != null && OURS.contains(top.getCommandName());
  }

  private static int usage(ParameterException ex) {
    CommandLine commandLine = ex.getCommandLine();
    PrintWriter err = commandLine.getErr();
    String name = commandLine.getCommandSpec().qualifiedName();
    err.println(name + ": " + ex.getMessage());
    if (ex instanceof UnmatchedArgumentException unmatched) {
      UnmatchedArgumentException.printSuggestions(unmatched, err);
    }
    err.print("Usage: " + commandLine.getHelp().synopsis(0));
    err.println("Try '" + name + " --help' for more information.");
    err.flush();
    return CliException.USAGE;
  }

  private static int failed(Exception ex, CommandLine commandLine) {
    PrintWriter err = commandLine.getErr();
    Throwable cause = ex;
    if (cause instanceof CommandLine.ExecutionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof CliException cli) {
      String name = commandLine.getCommandSpec().qualifiedName();
      if (cli.exitCode() == CliException.USAGE) {
        err.println(name + ": " + cli.getMessage());
        err.println("Try '" + name + " --help' for more information.");
      } else {
        err.println("junction: " + cli.getMessage());
      }
      err.flush();
      return cli.exitCode();
    }
    err.println("junction: unexpected error: " + cause);
    err.flush();
    return CliException.REFUSED;
  }
}
