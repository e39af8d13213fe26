/**
 * The customer's command line: {@code junction cic ...} and {@code junction cni ...} call the
 * public APIs as an SDK would, with profiles, output formats, {@code --wait} and shell completion.
 */
@NullMarked
package dev.junction.server.cli;

import org.jspecify.annotations.NullMarked;
