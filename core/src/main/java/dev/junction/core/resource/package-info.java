/**
 * What every customer resource shares: names, descriptions, labels, scopes and lifecycle status.
 */
@NullMarked
package dev.junction.core.resource;

import org.jspecify.annotations.NullMarked;
