/**
 * The APIs' documentation served by the server: an OpenAPI 3 document per REST dialect under {@code
 * /openapi/}, and the page at {@code /docs} that renders them (Swagger UI from its webjar) next to
 * Armeria's DocService for the gRPC services. Documentation is public: it describes the APIs, never
 * anyone's resources.
 */
@NullMarked
package dev.junction.server.apidocs;

import org.jspecify.annotations.NullMarked;
