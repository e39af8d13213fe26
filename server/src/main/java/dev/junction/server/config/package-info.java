/** The operator's configuration file: its shape, its defaults, and how it is read. */
@NullMarked
package dev.junction.server.config;

import org.jspecify.annotations.NullMarked;
