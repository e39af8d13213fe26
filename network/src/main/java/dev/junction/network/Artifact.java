package dev.junction.network;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One rendered artifact: a named text (a configuration file, a link plan entry) and the secrets it
 * holds, so that it can be shown with them masked.
 *
 * @param name where the artifact goes, relative to the router's configuration (for example {@code
 *     sessions/cpc1.conf})
 * @param secrets the secret strings {@code content} holds (BGP MD5 keys), never shown
 */
public record Artifact(String name, String content, List<String> secrets) {
  public static final String MASK = "********";

  public Artifact {
    requireNonNull(name, "name");
    requireNonNull(content, "content");
    secrets = List.copyOf(secrets);
  }

  /** Returns the content with every secret masked, safe to show and log. */
  public String redacted() {
    String shown = content;
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        shown = shown.replace(secret, MASK);
      }
    }
    return shown;
  }

  @Override
  public String toString() {
    return "Artifact[" + name + "]";
  }
}
