package dev.junction.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP proxy to one address that a test can cut and restore: the network between a server
 * and its database. While cut, it closes every connection it carried and every new one at once, as
 * a database that went away does; restored, it carries new connections again.
 */
final class TcpProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final ServerSocket listening;
  private final Thread acceptor;
  private final List<Socket> open = new ArrayList<>();
  private boolean cut;

  TcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofPlatform().daemon().name("tcp-proxy").start(this::accept);
  }

  /** Returns the port to connect to instead of the target's. */
  int port() {
    return listening.getLocalPort();
  }

  /** Closes every connection and refuses new ones until {@link #restore}. */
  void cut() {
    List<Socket> closing;
    synchronized (this) {
      cut = true;
      closing = List.copyOf(open);
      open.clear();
    }
    closing.forEach(TcpProxy::closeQuietly);
  }

  /** Carries new connections again. */
  synchronized void restore() {
    cut = false;
  }

  private void accept() {
    while (!listening.isClosed()) {
      Socket client;
      try {
        client = listening.accept();
      } catch (IOException closed) {
        return;
      }
      synchronized (this) {
        if (cut) {
          closeQuietly(client);
          continue;
        }
      }
      Socket upstream;
      try {
        upstream = new Socket(target.getAddress(), target.getPort());
      } catch (IOException e) {
        closeQuietly(client);
        continue;
      }
      synchronized (this) {
        open.add(client);
        open.add(upstream);
      }
      pipe(client, upstream);
      pipe(upstream, client);
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread.ofPlatform()
        .daemon()
        .name("tcp-proxy-pipe")
        .start(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // One side went away: the other goes too.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            });
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all that was asked.
    }
  }

  @Override
  public void close() {
    cut();
    try {
      listening.close();
    } catch (IOException e) {
      // Nothing more to release.
    }
  }
}
