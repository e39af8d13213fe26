/** What one credential may ask of a replica: its request rate. */
@NullMarked
package dev.junction.server.limits;

import org.jspecify.annotations.NullMarked;
