/**
 * The network as the core sees it: the desired state of each router and its observed conditions.
 */
@NullMarked
package dev.junction.core.network;

import org.jspecify.annotations.NullMarked;
