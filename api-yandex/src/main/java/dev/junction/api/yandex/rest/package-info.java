/**
 * REST for the Yandex dialect: the {@code google.api.http} rules of our protos, served as proto3
 * JSON over HTTP, in front of the same gRPC services (what Yandex's gRPC-JSON transcoder does).
 */
@NullMarked
package dev.junction.api.yandex.rest;

import org.jspecify.annotations.NullMarked;
