/**
 * Trunks: a customer's port, LAG or partner joint at a point of presence, and the use cases on
 * them.
 */
@NullMarked
package dev.junction.core.trunk;

import org.jspecify.annotations.NullMarked;
