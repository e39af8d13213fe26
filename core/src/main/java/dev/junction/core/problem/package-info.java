/**
 * Errors as values: the closed set of problems a use case can report, with the field and rule for
 * invalid input.
 */
@NullMarked
package dev.junction.core.problem;

import org.jspecify.annotations.NullMarked;
