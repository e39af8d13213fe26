package dev.junction.server.cli;

/**
 * Why a command of the command line failed, as the user should read it, and the exit code it ends
 * with. It never carries a stack trace to the terminal.
 */
class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The server refused the request, or the operation it started failed. */
  static final int REFUSED = 1;

  /** A flag or argument is wrong (as picocli's own usage errors). */
  static final int USAGE = 2;

  /** The server could not be reached, or the configuration is missing or broken. */
  static final int UNREACHABLE = 3;

  /** {@code --wait} gave up after {@code --timeout}; the change goes on on the server. */
  static final int TIMED_OUT = 4;

  private final int exitCode;

  CliException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  /** A usage error: a flag or argument breaks a rule picocli cannot check. */
  static CliException usage(String message) {
    return new CliException(message, USAGE);
  }

  /** A problem with the configuration: the profile file, a token file. */
  static CliException config(String message) {
    return new CliException(message, UNREACHABLE);
  }

  int exitCode() {
    return exitCode;
  }
}
