package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import dev.junction.network.Artifact;
import dev.junction.network.Rendered;
import dev.junction.network.RunningSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the driver wrote for one subject (or the header), as it is on disk: the files by name, the
 * stamp they carry, and the digest of their text as it is now. When the two digests differ, a file
 * was edited behind Junction's back.
 *
 * @param stampedHash the digest the files' stamp records, as rendered
 * @param hash the digest of the files as they are
 * @param files the files' full text (with stamps), by name
 * @param secrets the MD5 keys the files hold, to keep them out of messages
 */
record AppliedSubject(
    String subjectId,
    long revision,
    String renderer,
    String stampedHash,
    String hash,
    SortedMap<String, String> files,
    List<String> secrets) {
  private static final Pattern PROTOCOL =
      Pattern.compile("(?m)^protocol (\\w+) ([A-Za-z][A-Za-z0-9_]*) \\{");
  private static final Pattern PASSWORD = Pattern.compile("password \"([^\"\\n]*)\"");

  AppliedSubject {
    requireNonNull(subjectId, "subjectId");
    requireNonNull(renderer, "renderer");
    requireNonNull(stampedHash, "stampedHash");
    requireNonNull(hash, "hash");
    files = new TreeMap<>(files);
    secrets = List.copyOf(secrets);
  }

  /** Returns what was rendered, as applied. */
  static AppliedSubject of(Rendered rendered) {
    SortedMap<String, String> files = new TreeMap<>();
    List<String> secrets = new ArrayList<>();
    for (Artifact artifact : rendered.artifacts()) {
      files.put(artifact.name(), artifact.content());
      secrets.addAll(artifact.secrets());
    }
    Stamp stamp =
        rendered.artifacts().stream()
            .map(a -> Stamp.read(a.content()))
            .flatMap(Optional::stream)
            .findFirst()
            .orElse(new Stamp(rendered.subjectId(), rendered.revision(), BirdRenderer.VERSION, ""));
    return new AppliedSubject(
        rendered.subjectId(),
        rendered.revision(),
        stamp.renderer(),
        rendered.hash(),
        rendered.hash(),
        files,
        secrets);
  }

  /**
   * Returns the subject whose files, found on disk, are {@code files} (full text by name), all
   * stamped for it; the digest is computed again from their text, so that an edit shows.
   */
  static AppliedSubject fromDisk(Stamp stamp, Map<String, String> files) {
    List<BirdRenderer.Body> bodies = new ArrayList<>();
    List<String> secrets = new ArrayList<>();
    for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
      bodies.add(new BirdRenderer.Body(file.getKey(), Stamp.body(file.getValue())));
      Matcher m = PASSWORD.matcher(file.getValue());
      while (m.find()) {
        secrets.add(m.group(1));
      }
    }
    String hash = BirdRenderer.digest(stamp.renderer(), bodies);
    return new AppliedSubject(
        stamp.subjectId(),
        stamp.revision(),
        stamp.renderer(),
        stamp.hash(),
        hash,
        new TreeMap<>(files),
        secrets);
  }

  /** Returns whether the files are as rendered (their digest matches their stamp). */
  boolean pristine() {
    return hash.equals(stampedHash);
  }

  /** Returns what the router runs for the subject, by these files. */
  RunningSubject running() {
    return new RunningSubject(subjectId, revision, hash);
  }

  /** Returns the subject's link plan, if it has a valid one. */
  Optional<LinkPlan> linkPlan() {
    for (Map.Entry<String, String> file : files.entrySet()) {
      if (file.getKey().startsWith(BirdRenderer.LINKS_DIR + "/")) {
        try {
          return Optional.of(LinkPlan.parse(Stamp.body(file.getValue())));
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** Returns the names of the BIRD protocols the subject's files define. */
  List<String> protocols() {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      if (file.getKey().endsWith(".conf")) {
        Matcher m = PROTOCOL.matcher(file.getValue());
        while (m.find()) {
          names.add(m.group(2));
        }
      }
    }
    return names;
  }

  /** Returns the name of the subject's BGP protocol, if it has one. */
  Optional<String> bgpProtocol() {
    for (Map.Entry<String, String> file : files.entrySet()) {
      if (file.getKey().endsWith(".conf")) {
        Matcher m = PROTOCOL.matcher(file.getValue());
        while (m.find()) {
          if (m.group(1).equals("bgp")) {
            return Optional.of(m.group(2));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Returns the reason the subject's files say the router must refuse them, if any. */
  Optional<String> refusal() {
    for (String content : files.values()) {
      for (String line : content.split("\n")) {
        if (line.startsWith(BirdRenderer.REFUSAL)) {
          return Optional.of(line.substring(BirdRenderer.REFUSAL.length()).strip());
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "AppliedSubject[" + subjectId + " r" + revision + " " + files.keySet() + "]";
  }
}
