package dev.junction.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What {@code --wait} shows on standard error while it follows a change: on a terminal a spinner
 * with the current state and the time spent, rewritten in place; elsewhere (a pipe, a file, a CI
 * log) one plain line per change of state.
 */
final class Progress {
  private static final String FRAMES = "|/-\\";

  private final PrintStream err;
  private final boolean terminal;
  private final String subject;
  private final long started = System.nanoTime();
  private String state = "";
  private int frame;
  private int drawn;

  Progress(PrintStream err, boolean terminal, String subject) {
    this.err = err;
    this.terminal = terminal;
    this.subject = subject;
  }

  /** A progress on standard error, a spinner if standard error is a terminal. */
  static Progress onStderr(String subject, Map<String, String> env) {
    return new Progress(System.err, stderrIsTerminal(env), subject);
  }

  /**
   * Whether standard error is a terminal: on Linux, file descriptor 2 points at a tty device, and
   * TERM is not "dumb".
   */
  static boolean stderrIsTerminal(Map<String, String> env) {
    if ("dumb".equals(env.get("TERM"))) {
      return false;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** Shows the current state: a new line if it changed (plain), the spinner redrawn (terminal). */
  void state(String now) {
    if (terminal) {
      state = now;
      tick();
    } else if (!now.equals(state)) {
      state = now;
      err.println(subject + ": " + now + " (" + elapsed() + ")");
      err.flush();
    }
  }

  /** Turns the spinner (terminal only). */
  void tick() {
    if (!terminal) {
      return;
    }
    String line =
        FRAMES.charAt(frame++ % FRAMES.length())
            + " "
            + subject
            + ": "
            + state
            + " ("
            + elapsed()
            + ")";
    err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
    drawn = line.length();
    err.flush();
  }

  /** Ends the progress with a final state, on a line of its own. */
  void done(String outcome) {
    if (terminal) {
      String line = subject + ": " + outcome + " (" + elapsed() + ")";
      err.println("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
    } else {
      err.println(subject + ": " + outcome + " (" + elapsed() + ")");
    }
    err.flush();
  }

  private String elapsed() {
    Duration d = Duration.ofNanos(System.nanoTime() - started);
    long s = d.toSeconds();
    return s < 60 ? String.format("%.1fs", d.toMillis() / 1000.0) : (s / 60) + "m" + (s % 60) + "s";
  }
}
