package dev.junction.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each log event as one compact JSON object on a line of its own, with stable field names:
 * {@code time} (RFC 3339, UTC, milliseconds), {@code level}, {@code logger}, {@code thread}, {@code
 * message}, then the event's key-value pairs (a request line's {@code requestId}, {@code
 * principal}, {@code tenant}, {@code dialect}, {@code method}, {@code status}, {@code result},
 * {@code durationMs}) and MDC entries as fields of their own, and {@code exception} (the stack
 * trace as one string) when there is one. A pair whose key is one of the fixed fields is written as
 * {@code kv.<key>} so that it cannot replace it.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<String> FIXED =
      Set.of("time", "level", "logger", "thread", "message", "exception");
  private static final byte[] NEWLINE = {'\n'};

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("thread", event.getThreadName());
      json.writeStringField("message", event.getFormattedMessage());
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair pair : event.getKeyValuePairs()) {
          writeField(json, pair.key, pair.value);
        }
      }
      for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
        writeField(json, entry.getKey(), entry.getValue());
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        json.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.writeBytes(NEWLINE);
    return out.toByteArray();
  }

  private static void writeField(JsonGenerator json, String key, Object value) throws IOException {
    String name = FIXED.contains(key) ? "kv." + key : key;
    switch (value) {
      case null -> json.writeNullField(name);
      case Integer i -> json.writeNumberField(name, i);
      case Long l -> json.writeNumberField(name, l);
      case Double d -> json.writeNumberField(name, d);
      case Boolean b -> json.writeBooleanField(name, b);
      default -> json.writeStringField(name, value.toString());
    }
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
