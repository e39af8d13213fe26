/**
 * {@code junction agent}: drives one router beside it for a Junction server elsewhere, over the
 * server's agent API.
 */
@NullMarked
package dev.junction.server.agent;

import org.jspecify.annotations.NullMarked;
