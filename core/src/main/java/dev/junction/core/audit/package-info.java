/** The audit log: who did what, when, from where, and how it ended; append-only. */
@NullMarked
package dev.junction.core.audit;

import org.jspecify.annotations.NullMarked;
