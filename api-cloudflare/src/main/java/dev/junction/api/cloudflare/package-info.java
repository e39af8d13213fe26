/**
 * The Cloudflare Network Interconnects dialect: the {@code /accounts/{account_id}/cni} REST API
 * with bare JSON bodies and Cloudflare's error body, translated to core use cases.
 */
@NullMarked
package dev.junction.api.cloudflare;

import org.jspecify.annotations.NullMarked;
