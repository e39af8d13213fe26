package dev.junction.server.fuzz;

import java.util.List;
import java.util.Map;

/**
 * A valid request to one endpoint, the start of every mutation of it.
 *
 * @param dialect whose error body the endpoint answers with
 * @param endpoint the endpoint's name in the summary, e.g. {@code POST /cic/v1/privateConnections}
 * @param method the HTTP method
 * @param path the path, with real ids
 * @param id the id in {@code path} that odd ids replace, or empty when it has none
 * @param idName the names of that id's parameter (any one of them in an error names it)
 * @param query the query parameters, in order
 * @param body the JSON body, or null for none
 */
record Seed(
    Dialect dialect,
    String endpoint,
    String method,
    String path,
    String id,
    List<String> idName,
    List<Map.Entry<String, String>> query,
    String body) {

  /** Returns the group the summary counts this endpoint in. */
  String group() {
    return switch (dialect) {
      case YANDEX -> "yandex-rest";
      case CLOUDFLARE -> "cloudflare";
      case OPERATOR -> "operator";
      case NETWORK -> "network";
    };
  }
}
