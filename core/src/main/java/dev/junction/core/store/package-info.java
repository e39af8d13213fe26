/** The persistence seam the core needs: transactional reads and writes over the model. */
@NullMarked
package dev.junction.core.store;

import org.jspecify.annotations.NullMarked;
