/**
 * Measures how a create's time grows with what is stored: the packaged server on a store loaded
 * with many private connections, against the same server on a small store, in the same run.
 */
@NullMarked
package dev.junction.bench.scale;

import org.jspecify.annotations.NullMarked;
