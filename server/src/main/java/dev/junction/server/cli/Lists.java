package dev.junction.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lists of both APIs. Yandex pages by {@code pageToken}/{@code nextPageToken}, Cloudflare by {@code
 * cursor}/{@code next}. Without a page option a command reads every page and prints them as one
 * answer; with one, it prints that page and says on stderr how to ask for the next.
 */
final class Lists {
  private Lists() {}

  /** A Yandex list: every page, or the one asked for with {@code pageSize}/{@code pageToken}. */
  static int yandex(
      Session session,
      String path,
      Map<String, Object> params,
      String itemsKey,
      Long pageSize,
      String pageToken,
      Table table) {
    boolean onePage = pageSize != null || pageToken != null;
    if (pageSize != null) {
      params.put("pageSize", pageSize);
    } else if (!onePage) {
      params.put("pageSize", 1000);
    }
    ArrayNode all = Api.JSON.createArrayNode();
    String token = pageToken;
    JsonNode page;
    do {
      params.put("pageToken", token);
      page = session.api().get(path + Api.query(params));
      page.path(itemsKey).forEach(all::add);
      token = page.path("nextPageToken").asText("");
    } while (!onePage && !token.isEmpty());
    JsonNode whole = page;
    if (!onePage) {
      ObjectNode combined = Api.JSON.createObjectNode();
      combined.set(itemsKey, all);
      whole = combined;
    } else if (!token.isEmpty()) {
      System.err.println("More: --page-token " + token);
    }
    session.printer().list(whole, items(all), table);
    return 0;
  }

  /** A Cloudflare list: every page, or the one asked for with {@code limit}/{@code cursor}. */
  static int cloudflare(
      Session session,
      String path,
      Map<String, Object> params,
      Integer limit,
      Integer cursor,
      Table table) {
    boolean onePage = limit != null || cursor != null;
    params.put("limit", limit != null ? limit : onePage ? null : 1000);
    ArrayNode all = Api.JSON.createArrayNode();
    Integer next = cursor;
    JsonNode page;
    do {
      params.put("cursor", next);
      page = session.api().get(path + Api.query(params));
      page.path("items").forEach(all::add);
      next = page.path("next").isIntegralNumber() ? page.path("next").asInt() : null;
    } while (!onePage && next != null);
    JsonNode whole = page;
    if (!onePage) {
      ObjectNode combined = Api.JSON.createObjectNode();
      combined.set("items", all);
      combined.putNull("next");
      whole = combined;
    } else if (next != null) {
      System.err.println("More: --cursor " + next);
    }
    session.printer().list(whole, items(all), table);
    return 0;
  }

  private static List<JsonNode> items(ArrayNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }
}
