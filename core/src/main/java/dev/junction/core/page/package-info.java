/** Pages of list results with opaque cursors shared by every dialect. */
@NullMarked
package dev.junction.core.page;

import org.jspecify.annotations.NullMarked;
