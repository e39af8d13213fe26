package dev.junction.server.cli;

/** How a command prints what the server answered. */
enum Format {
  /** Aligned columns of the important fields. */
  table,
  /** The API's own JSON, indented. */
  json,
  /** The API's own JSON, as YAML. */
  yaml
}
