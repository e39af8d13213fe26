/** Benchmarks of Junction against baselines measured in the same run. */
@NullMarked
package dev.junction.bench;

import org.jspecify.annotations.NullMarked;
