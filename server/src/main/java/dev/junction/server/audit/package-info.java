/** The audit log of requests: every mutation and every denied request, recorded as it ends. */
@NullMarked
package dev.junction.server.audit;

import org.jspecify.annotations.NullMarked;
