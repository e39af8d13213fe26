package dev.junction.server.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the request target of the HTTP/1 request being read on a connection, so that an error
 * the HTTP layer raises before it made the request's headers (a path it refuses, headers too large)
 * can still be answered in the body of the API whose path it is: Armeria hands such errors no path.
 * One instance per connection, first in its pipeline, where it sees the bytes as they come: it
 * finds the lines that start a request ({@code METHOD /target ...}), hands the bytes before and
 * after such a line on separately, and while the next handlers decode each part, {@link #current()}
 * is the target of the request that part belongs to. It changes no byte. Over TLS or HTTP/2 it
 * finds no request line, and the errors fall back to Junction's own body.
 */
public final class RequestTargets extends ChannelInboundHandlerAdapter {
  private static final ThreadLocal<@Nullable RequestLine> CURRENT = new ThreadLocal<>();

  /** How much of a target is kept: enough to tell the API, never a whole path. */
  private static final int KEPT = 64;

  /** The start of a request line: its method, and its target's first characters. */
  public record RequestLine(String method, String target) {}

  private @Nullable RequestLine target;
  private boolean atLineStart = true;

  /**
   * Returns the method and target (path and query, at most its first {@value #KEPT} characters) of
   * the request whose bytes this thread is decoding, or null if none is known.
   */
  public static @Nullable RequestLine current() {
    return CURRENT.get();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf) || !buf.isReadable()) {
      fire(ctx, msg);
      return;
    }
    int end = buf.writerIndex();
    int piece = buf.readerIndex();
    boolean split = false;
    int line = atLineStart ? buf.readerIndex() : next(buf, buf.readerIndex(), end);
    while (line >= 0 && line < end) {
      RequestLine found = lineAt(buf, line, end);
      if (found != null) {
        if (line > piece) {
          fire(ctx, buf.retainedSlice(piece, line - piece));
          split = true;
          piece = line;
        }
        target = found;
      }
      line = next(buf, line, end);
    }
    atLineStart = buf.getByte(end - 1) == '\n';
    if (split) {
      ByteBuf rest = buf.retainedSlice(piece, end - piece);
      buf.release();
      fire(ctx, rest);
    } else {
      fire(ctx, buf);
    }
  }

  private void fire(ChannelHandlerContext ctx, Object msg) {
    CURRENT.set(target);
    try {
      ctx.fireChannelRead(msg);
    } finally {
      CURRENT.remove();
    }
  }

  /** Returns where the line after the one at {@code from} starts, or -1 if not in this buffer. */
  private static int next(ByteBuf buf, int from, int end) {
    int newline = buf.indexOf(from, end, (byte) '\n');
    return newline < 0 ? -1 : newline + 1;
  }

  /**
   * Returns the target of the request line starting at {@code at} ({@code TOKEN SP target}, an
   * origin-form or absolute-form target), or null if the line is none.
   */
  private static @Nullable RequestLine lineAt(ByteBuf buf, int at, int end) {
    int i = at;
    while (i < end && i - at <= 16 && buf.getByte(i) >= 'A' && buf.getByte(i) <= 'Z') {
      i++;
    }
    if (i == at || i >= end || i - at > 16 || buf.getByte(i) != ' ') {
      return null;
    }
    String method = buf.toString(at, i - at, StandardCharsets.US_ASCII);
    int start = ++i;
    while (i < end && i - start < KEPT + 16) {
      byte b = buf.getByte(i);
      if (b == ' ' || b == '\r' || b == '\n') {
        break;
      }
      i++;
    }
    if (i == start) {
      return null;
    }
    String raw = buf.toString(start, i - start, StandardCharsets.ISO_8859_1);
    if (raw.startsWith("http://") || raw.startsWith("https://")) {
      int path = raw.indexOf('/', raw.indexOf("//") + 2);
      raw = path < 0 ? "/" : raw.substring(path);
    }
    if (!raw.startsWith("/")) {
      return null;
    }
    return new RequestLine(method, raw.length() > KEPT ? raw.substring(0, KEPT) : raw);
  }
}
