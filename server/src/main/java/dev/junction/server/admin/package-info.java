/** The operator's API and the {@code junction admin} commands that call it. */
@NullMarked
package dev.junction.server.admin;

import org.jspecify.annotations.NullMarked;
