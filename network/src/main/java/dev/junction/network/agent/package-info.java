/**
 * Router agents: the loop that keeps one router running its desired state, the feeds it pulls from
 * (the store in process, the server's agent API remotely), and the in-process agents of a server.
 */
@NullMarked
package dev.junction.network.agent;

import org.jspecify.annotations.NullMarked;
