package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs host commands (iproute2, reading {@code /proc} inside a namespace) with a deadline: a
 * command that does not finish in time is killed, so that a hung tool cannot stall the caller.
 */
final class ProcessRunner {

  /** What a finished command printed and how it exited. */
  record Result(int exitCode, String stdout, String stderr) {
    Result {
      requireNonNull(stdout, "stdout");
      requireNonNull(stderr, "stderr");
    }

    boolean ok() {
      return exitCode == 0;
    }

    /** Returns what the command said about its failure: stderr, else stdout, trimmed. */
    String message() {
      String said = stderr.isBlank() ? stdout : stderr;
      return said.strip();
    }
  }

  private final Duration timeout;

  ProcessRunner(Duration timeout) {
    this.timeout = requireNonNull(timeout, "timeout");
  }

  /** Runs {@code command} with nothing on its standard input. */
  Result run(List<String> command) throws IOException {
    return run(command, "");
  }

  /**
   * Runs {@code command} with {@code stdin} on its standard input, waiting at most the timeout.
   *
   * @throws IOException if it cannot be started or did not finish in time (it is then killed)
   */
  Result run(List<String> command, String stdin) throws IOException {
    requireNonNull(command, "command");
    Process process = new ProcessBuilder(command).start();
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    feed(process.getOutputStream(), stdin);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.SECONDS);
        throw new IOException(
            command.get(0) + " did not finish within " + timeout.toMillis() + " ms; killed it");
      }
      long left = Math.max(1, timeout.toMillis());
      return new Result(
          process.exitValue(),
          out.get(left, TimeUnit.MILLISECONDS),
          err.get(left, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot read the output of " + command.get(0) + ": " + e, e);
    }
  }

  /** Writes {@code text} to the command's input in the background, so a stuck command times out. */
  private static void feed(OutputStream stream, String text) {
    Thread.ofVirtual()
        .start(
            () -> {
              try (stream) {
                stream.write(text.getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                // The command exited without reading all of its input; its exit code tells why.
              }
            });
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }
}
