/** Who is calling: the principal behind a request and what it asked to be remembered by. */
@NullMarked
package dev.junction.core.access;

import org.jspecify.annotations.NullMarked;
