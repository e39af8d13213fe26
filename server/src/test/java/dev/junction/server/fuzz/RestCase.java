package dev.junction.server.fuzz;

import java.util.List;

/**
 * One mutated REST request and what its answer must show.
 *
 * @param seed the valid request it was made from
 * @param kind the kind of mutation, e.g. {@code wrong-type}
 * @param field the field or parameter mutated, or empty when none applies
 * @param names the names an error about it may use (empty: only the error body's form is checked)
 * @param mustRefuse whether a real service refuses it whatever the state (a 2xx is a failure)
 */
record RestCase(
    Seed seed,
    String kind,
    String field,
    List<String> names,
    boolean mustRefuse,
    String method,
    String target,
    String body,
    String contentType) {

  /** Returns a short description for a failure report. */
  String describe() {
    String shownBody = body == null ? "" : " body " + Mutations.abbreviate(body, 240);
    return method
        + " "
        + Mutations.abbreviate(target, 200)
        + " ["
        + kind
        + (field.isEmpty() ? "" : " " + field)
        + (contentType.equals("application/json") ? "" : ", content-type " + contentType)
        + "]"
        + shownBody;
  }
}
