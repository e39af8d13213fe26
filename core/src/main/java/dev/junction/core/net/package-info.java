/**
 * IPv4 addresses and prefixes, autonomous system numbers and VLAN ids, with the rules that govern
 * them.
 */
@NullMarked
package dev.junction.core.net;

import org.jspecify.annotations.NullMarked;
