/**
 * A router's plan: what its agent would change on it, computed on the server from the desired state
 * and what the router last reported, before anything is applied.
 */
@NullMarked
package dev.junction.network.plan;

import org.jspecify.annotations.NullMarked;
