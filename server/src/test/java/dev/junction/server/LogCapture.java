package dev.junction.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures everything this JVM logs, at DEBUG for every logger (libraries included), until closed,
 * so that a test can look for secrets in it. The levels are put back when it is closed.
 */
public final class LogCapture implements AutoCloseable {
  private final LoggerContext context;
  private final Map<Logger, Level> levels = new HashMap<>();
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();

  private LogCapture() {
    context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger - %msg%n%ex");
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    appender.setContext(context);
    appender.setName("capture");
    appender.setEncoder(encoder);
    appender.setOutputStream(captured);
    appender.start();
    for (Logger logger : context.getLoggerList()) {
      if (logger.getLevel() != null) {
        levels.put(logger, logger.getLevel());
        logger.setLevel(Level.DEBUG);
      }
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    levels.putIfAbsent(root, root.getLevel());
    root.setLevel(Level.DEBUG);
    root.addAppender(appender);
  }

  /** Starts capturing. */
  public static LogCapture atDebug() {
    return new LogCapture();
  }

  /** Returns what was logged so far. */
  public String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    appender.stop();
    levels.forEach(Logger::setLevel);
  }
}
