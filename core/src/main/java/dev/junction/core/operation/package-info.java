/** Long-running operations: submission, the durable queue's worker, and per-resource execution. */
@NullMarked
package dev.junction.core.operation;

import org.jspecify.annotations.NullMarked;
