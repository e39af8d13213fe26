/** Attachments: VLAN connections on a trunk with their BGP peering and static routes. */
@NullMarked
package dev.junction.core.attachment;

import org.jspecify.annotations.NullMarked;
