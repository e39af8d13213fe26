package dev.junction.network.bird;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket client against a stand-in daemon on a Unix socket (no BIRD needed). */
class BirdControlTest {
  @TempDir Path dir;

  /** A daemon that greets, then answers each command with {@code answer} in small pieces. */
  private Thread daemon(ServerSocketChannel server, String answer, CountDownLatch hang) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try (SocketChannel client = server.accept()) {
                write(client, "0001 BIRD 2.0.12 ready.\n");
                ByteBuffer in = ByteBuffer.allocate(1024);
                while (client.read(in) >= 0) {
                  if (in.position() > 0 && in.get(in.position() - 1) == '\n') {
                    in.clear();
                    hang.await();
                    for (int i = 0; i < answer.length(); i += 7) {
                      write(client, answer.substring(i, Math.min(answer.length(), i + 7)));
                    }
                  }
                }
              } catch (IOException | InterruptedException e) {
                // The test closed the connection.
              }
            });
  }

  private static void write(SocketChannel client, String text) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (out.hasRemaining()) {
      client.write(out);
    }
  }

  private ServerSocketChannel listen(Path socket) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return server;
  }

  @Test
  void readsRepliesThatArriveInPieces() throws Exception {
    Path socket = dir.resolve("bird.ctl");
    String answer =
        String.join(
                "\n",
                Transcripts.resource("show-protocols.txt")
                    .lines()
                    .filter(l -> !l.startsWith(">>>") && !l.startsWith("0001 "))
                    .toList())
            + "\n";
    CountDownLatch go = new CountDownLatch(0);
    try (ServerSocketChannel server = listen(socket);
        BirdControl control = new BirdControl(socket, Duration.ofSeconds(5))) {
      daemon(server, answer, go);
      BirdReply reply = control.send("show protocols");
      assertThat(reply.code()).isZero();
      assertThat(ProtocolStatus.parse(reply)).hasSize(5);
      assertThat(control.send("show protocols").withCode(1002)).hasSize(5);
    }
  }

  @Test
  void aHungDaemonTimesOutInsteadOfStallingTheCaller() throws Exception {
    Path socket = dir.resolve("bird.ctl");
    CountDownLatch never = new CountDownLatch(1);
    try (ServerSocketChannel server = listen(socket);
        BirdControl control = new BirdControl(socket, Duration.ofMillis(300))) {
      daemon(server, "0000 \n", never);
      long start = System.nanoTime();
      assertThatThrownBy(() -> control.send("show protocols"))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("show protocols");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    } finally {
      never.countDown();
    }
  }

  @Test
  void aMissingSocketFailsAtOnce() {
    try (BirdControl control = new BirdControl(dir.resolve("none.ctl"), Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> control.send("show status"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("cannot connect");
    }
  }

  @Test
  void refusesACommandOfTwoLines() {
    try (BirdControl control = new BirdControl(dir.resolve("none.ctl"), Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> control.send("show status\nconfigure"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
