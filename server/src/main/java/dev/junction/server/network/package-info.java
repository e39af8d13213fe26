/**
 * The network as the server shows and serves it: the JSON of observed state, the tenants' extension
 * endpoint, and the agent API that {@code junction agent} talks to.
 */
@NullMarked
package dev.junction.server.network;

import org.jspecify.annotations.NullMarked;
