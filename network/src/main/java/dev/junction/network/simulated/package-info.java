/**
 * A simulated network: routers that run what they are given after a delay and bring links and
 * sessions up after configurable delays, with faults an operator can inject and a customer side
 * that can be told which MD5 key it uses.
 */
@NullMarked
package dev.junction.network.simulated;

import org.jspecify.annotations.NullMarked;
