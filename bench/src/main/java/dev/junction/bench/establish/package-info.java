/** How long a create takes to become a BGP session on a real BIRD edge, against BIRD's own time. */
@NullMarked
package dev.junction.bench.establish;

import org.jspecify.annotations.NullMarked;
