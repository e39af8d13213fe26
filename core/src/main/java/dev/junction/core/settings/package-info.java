/** Settings a tenant scope chooses for itself, such as the provider ASN its sessions use. */
@NullMarked
package dev.junction.core.settings;

import org.jspecify.annotations.NullMarked;
