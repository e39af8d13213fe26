package dev.junction.server.fuzz;

import java.util.List;

/**
 * What one case got back and what was wrong with it.
 *
 * @param group the endpoint group, e.g. {@code yandex-rest} or {@code grpc-frames}
 * @param endpoint the endpoint
 * @param kind the kind of mutation
 * @param refusal the class of the answer, e.g. {@code 400 code=3} or {@code INVALID_ARGUMENT}, or
 *     {@code accepted} for a success
 * @param accepted whether the answer was a success (the state may have changed)
 * @param problems what was wrong, each a short class name (empty when the answer is right)
 * @param request the request, abbreviated, to reproduce it by hand
 * @param answer the answer, abbreviated (empty for a success: it may hold a new secret)
 */
record Outcome(
    String group,
    String endpoint,
    String kind,
    String refusal,
    boolean accepted,
    List<String> problems,
    String request,
    String answer) {}
