package dev.junction.network.bird;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the control socket transcripts captured from a real BIRD 2.0.12 ({@code
 * src/test/resources/bird-replies}): the greeting, then each command after {@code >>> } and the
 * lines BIRD answered.
 */
final class Transcripts {
  private Transcripts() {}

  static String resource(String name) {
    try (InputStream in = Transcripts.class.getResourceAsStream("/bird-replies/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource bird-replies/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the replies of a transcript by command, in order; the greeting under "". */
  static Map<String, BirdReply> replies(String name) {
    Map<String, BirdReply> replies = new LinkedHashMap<>();
    String command = "";
    BirdReply.Collector collector = new BirdReply.Collector();
    List<String> lines = new ArrayList<>(List.of(resource(name).split("\n")));
    for (String line : lines) {
      if (line.startsWith(">>> ")) {
        command = line.substring(4);
        collector = new BirdReply.Collector();
        continue;
      }
      if (collector.accept(line)) {
        replies.put(
            replies.containsKey(command) ? command + " (again)" : command, collector.reply());
      }
    }
    return replies;
  }

  /** Returns the single command reply of a transcript (the one after the greeting). */
  static BirdReply reply(String name) {
    List<BirdReply> all = new ArrayList<>(replies(name).values());
    return all.get(all.size() - 1);
  }
}
