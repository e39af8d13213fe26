package dev.junction.server.cli;

import java.util.Optional;

/**
 * A named set of defaults for the command line: the server's URL, the token (or a file holding it),
 * and the folder and account that commands use when none is given.
 */
record Profile(
    String name,
    Optional<String> url,
    Optional<String> token,
    Optional<String> tokenFile,
    Optional<String> folderId,
    Optional<String> accountId) {

  /** A profile with nothing set yet. */
  static Profile empty(String name) {
    return new Profile(
        name,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
