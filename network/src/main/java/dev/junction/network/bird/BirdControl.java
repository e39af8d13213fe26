package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * A client of BIRD's control socket (the Unix socket {@code birdc} talks to), speaking its line
 * protocol: a greeting ({@code 0001 BIRD 2.0.12 ready.}), then one command per line, each answered
 * with numbered lines ending in a line whose code is followed by a space.
 *
 * <p>Every read has a deadline, so a hung daemon cannot stall the caller: a reply that does not
 * come in time throws {@link SocketTimeoutException} and the connection is dropped (the next
 * command connects again). One command at a time; the client is safe to share between threads.
 */
public final class BirdControl implements AutoCloseable {
  private static final int BUFFER = 64 * 1024;

  private final Path socket;
  private final Duration timeout;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
  private final Deque<String> pending = new ArrayDeque<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private @Nullable SocketChannel channel;
  private @Nullable Selector selector;
  private @Nullable SelectionKey key;

  /**
   * Returns a client of the socket at {@code socket} whose commands time out after {@code timeout}
   * unless told otherwise. It connects on its first command.
   */
  public BirdControl(Path socket, Duration timeout) {
    this.socket = requireNonNull(socket, "socket");
    this.timeout = requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
  }

  /** Returns the socket's path. */
  public Path socket() {
    return socket;
  }

  /** Sends {@code command} and returns BIRD's reply, waiting at most the default timeout. */
  public BirdReply send(String command) throws IOException {
    return send(command, timeout);
  }

  /**
   * Sends {@code command} and returns BIRD's reply, waiting at most {@code wait} for all of it.
   *
   * @throws SocketTimeoutException if the reply did not come in time
   * @throws IOException if the socket cannot be reached or BIRD breaks the protocol
   */
  public synchronized BirdReply send(String command, Duration wait) throws IOException {
    requireNonNull(command, "command");
    if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("command: holds a line break (expected: one line)");
    }
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      connect(deadline);
      write(command + "\n", deadline, command);
      return read(deadline, command);
    } catch (IOException | RuntimeException e) {
      disconnect();
      throw e;
    }
  }

  /** Closes the connection, if open. */
  @Override
  public synchronized void close() {
    disconnect();
  }

  private void connect(long deadline) throws IOException {
    if (channel != null && channel.isOpen()) {
      return;
    }
    SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel = opened;
    try {
      opened.configureBlocking(false);
      selector = Selector.open();
      if (opened.connect(UnixDomainSocketAddress.of(socket))) {
        key = opened.register(selector, SelectionKey.OP_READ);
      } else {
        key = opened.register(selector, SelectionKey.OP_CONNECT);
        while (!opened.finishConnect()) {
          waitFor(deadline, "(connect)");
        }
        key.interestOps(SelectionKey.OP_READ);
      }
    } catch (IOException e) {
      disconnect();
      throw new IOException("cannot connect to BIRD's control socket " + socket + ": " + e, e);
    }
    pending.clear();
    partial.reset();
    BirdReply greeting = read(deadline, "(greeting)");
    if (greeting.code() != 1) {
      throw new IOException("BIRD greeted with " + greeting.finalText() + " (expected: code 0001)");
    }
  }

  private void write(String text, long deadline, String command) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    SocketChannel open = requireNonNull(channel, "channel");
    SelectionKey selection = requireNonNull(key, "key");
    while (out.hasRemaining()) {
      if (open.write(out) == 0) {
        selection.interestOps(SelectionKey.OP_WRITE);
        try {
          waitFor(deadline, command);
        } finally {
          selection.interestOps(SelectionKey.OP_READ);
        }
      }
    }
  }

  private BirdReply read(long deadline, String command) throws IOException {
    BirdReply.Collector collector = new BirdReply.Collector();
    while (true) {
      while (!pending.isEmpty()) {
        String line = pending.removeFirst();
        try {
          if (collector.accept(line)) {
            return collector.reply();
          }
        } catch (IllegalArgumentException e) {
          throw new IOException(
              "BIRD broke its protocol answering " + command + ": " + e.getMessage());
        }
      }
      buffer.clear();
      int read = requireNonNull(channel, "channel").read(buffer);
      if (read < 0) {
        throw new IOException("BIRD closed its control socket while answering " + command);
      }
      if (read == 0) {
        waitFor(deadline, command);
        continue;
      }
      buffer.flip();
      while (buffer.hasRemaining()) {
        byte b = buffer.get();
        if (b == '\n') {
          pending.addLast(partial.toString(StandardCharsets.UTF_8));
          partial.reset();
        } else {
          partial.write(b);
        }
      }
    }
  }

  private void waitFor(long deadline, String command) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("BIRD did not answer " + command + " in time");
    }
    Selector waiting = requireNonNull(selector, "selector");
    waiting.selectedKeys().clear();
    waiting.select(Math.max(1, left / 1_000_000));
    if (System.nanoTime() - deadline >= 0 && waiting.selectedKeys().isEmpty()) {
      throw new SocketTimeoutException("BIRD did not answer " + command + " in time");
    }
  }

  private void disconnect() {
    try {
      if (selector != null) {
        selector.close();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // Closing a Unix socket does not fail in a way the caller could act on.
    } finally {
      selector = null;
      channel = null;
      key = null;
      pending.clear();
      partial.reset();
    }
  }
}
