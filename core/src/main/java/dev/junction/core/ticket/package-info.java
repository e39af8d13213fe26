/** Trunk tickets: a customer's request for a trunk, approved or rejected by the operator. */
@NullMarked
package dev.junction.core.ticket;

import org.jspecify.annotations.NullMarked;
