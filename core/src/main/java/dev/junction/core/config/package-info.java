/** The settings the core's rules depend on: quotas, the provider's ASN, timeouts. */
@NullMarked
package dev.junction.core.config;

import org.jspecify.annotations.NullMarked;
