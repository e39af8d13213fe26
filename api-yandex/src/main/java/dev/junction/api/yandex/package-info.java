/**
 * The Yandex Cloud Interconnect v1 dialect: gRPC services and their REST transcoding, translating
 * wire messages to core use cases and core results and problems back to the wire.
 */
@NullMarked
package dev.junction.api.yandex;

import org.jspecify.annotations.NullMarked;
