/** The operator's catalogue: points of presence, partners, routers and the ports on them. */
@NullMarked
package dev.junction.core.catalogue;

import org.jspecify.annotations.NullMarked;
