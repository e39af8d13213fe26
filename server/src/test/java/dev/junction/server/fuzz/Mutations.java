package dev.junction.server.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Makes a mutated request from a valid one: one field, the body as a whole, the content type, a
 * query parameter, the id in the path or the method. Each case says which field it mutated and
 * whether any real service would refuse it whatever the state.
 */
final class Mutations {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern YANDEX_ENUM = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)+");
  private static final Pattern NUMERIC = Pattern.compile("-?[0-9]+");
  private static final Set<String> CLOUDFLARE_ENUMS = Set.of("type", "speed", "bandwidth");
  private static final Set<String> OPERATOR_ENUMS = Set.of("role", "services", "kind");
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final Set<String> PAGE_SIZES = Set.of("pageSize", "page_size", "limit");
  private static final Set<String> PAGE_TOKENS = Set.of("pageToken", "page_token", "cursor");

  /** Odd strings: control characters, injections, odd Unicode, paths, empty and blank. */
  static final List<String> ODD_STRINGS =
      List.of(
          "",
          " ",
          "\u0000",
          "a\u0000b",
          "\u0007\u0008\u007f",
          "\u001b[31mred\u001b[0m",
          "line\r\nX-Injected: yes",
          "\u202eevil",
          "\uD83D\uDE00\uD83D\uDE00",
          "\uFFFF",
          "../../../etc/passwd",
          "%00",
          "'; DROP TABLE trunks; --",
          "<script>alert(1)</script>",
          "null",
          "NaN",
          "   padded   ",
          "\u00dcn\u00efc\u00f6d\u00e9",
          "\t",
          "A",
          "x/y",
          "{}",
          "${jndi:ldap://127.0.0.1/a}");

  /** Path segments sent as they are: encoded NUL and slash, dot segments, bad escapes. */
  private static final List<String> RAW_SEGMENTS =
      List.of("%00", "..", ".", "%2F", "%2e%2e", "a%2Fb", "%ZZ", "%", "a;b=c", "%0d%0a", "%20");

  private final Random random;
  private final Map<String, Set<String>> methodsByPath = new HashMap<>();
  private int cases;

  Mutations(Random random, List<Seed> seeds) {
    this.random = random;
    for (Seed seed : seeds) {
      methodsByPath.computeIfAbsent(template(seed), p -> new LinkedHashSet<>()).add(seed.method());
    }
  }

  /** Returns a mutation of {@code seed}. */
  RestCase next(Seed seed) {
    cases++;
    if (seed.body() != null && seed.body().contains("#n#")) {
      seed =
          new Seed(
              seed.dialect(),
              seed.endpoint(),
              seed.method(),
              seed.path(),
              seed.id(),
              seed.idName(),
              seed.query(),
              seed.body().replace("#n#", Integer.toString(cases)));
    }
    int roll = random.nextInt(100);
    if (seed.body() != null) {
      if (roll < 62) {
        return field(seed);
      }
      if (roll < 74) {
        return wholeBody(seed);
      }
      if (roll < 80) {
        return contentType(seed);
      }
      if (roll < 86) {
        return query(seed);
      }
      if (roll < 95 && !seed.id().isEmpty()) {
        return pathId(seed);
      }
      return wrongMethod(seed);
    }
    if (roll < 55) {
      return query(seed);
    }
    if (roll < 88 && !seed.id().isEmpty()) {
      return pathId(seed);
    }
    if (roll < 92) {
      return bodyOnBodiless(seed);
    }
    return wrongMethod(seed);
  }

  // Fields.

  private RestCase field(Seed seed) {
    ObjectNode root = (ObjectNode) parse(seed.body());
    List<List<Object>> paths = new ArrayList<>();
    collect(root, new ArrayList<>(), paths);
    if (paths.isEmpty() || random.nextInt(10) == 0) {
      return extraField(seed, root);
    }
    List<Object> path = paths.get(random.nextInt(paths.size()));
    JsonNode value = at(root, path);
    String leaf = leaf(path);
    boolean enumLike = enumLike(seed.dialect(), leaf, value);
    boolean numeric =
        value.isNumber() || (value.isTextual() && NUMERIC.matcher(value.asText()).matches());
    List<String> kinds = new ArrayList<>(List.of("wrong-type", "null", "missing"));
    if (value.isTextual()) {
      kinds.addAll(List.of("huge-string", "odd-string", "odd-string", "one-element-array"));
    }
    if (numeric) {
      kinds.addAll(List.of("overflow-number", "overflow-number", "one-element-array"));
    }
    if (enumLike) {
      kinds.addAll(List.of("bad-enum", "bad-enum", "bad-enum"));
    }
    if (value.isArray()) {
      kinds.addAll(List.of("odd-element", "huge-array"));
    }
    if (path.size() == 1 && value.isValueNode()) {
      kinds.add("duplicate-key");
    }
    String kind = kinds.get(random.nextInt(kinds.size()));
    List<String> names = names(path);
    boolean mustRefuse = false;
    JsonNode replacement = null;
    switch (kind) {
      case "wrong-type" -> {
        replacement = wrongType(value, numeric);
        mustRefuse = true;
      }
      case "null" -> {
        replacement = NullNode.getInstance();
        // Proto3 JSON, Cloudflare and the operator API all read null as absent.
        mustRefuse = false;
        if (leaf.equals("updateMask")) {
          names = List.of();
        }
      }
      case "missing" -> {
        replacement = null;
        if (leaf.equals("updateMask")) {
          // Without a mask (so with a null one too) an update may replace the whole resource: what
          // it then misses is at fault, not the mask.
          names = List.of();
        }
      }
      case "huge-string" -> replacement = TextNode.valueOf(huge());
      case "odd-string" -> {
        String text = odd();
        replacement = TextNode.valueOf(text);
        mustRefuse = leaf.equals("updateMask") && !text.isBlank();
      }
      case "one-element-array" -> {
        replacement = NODES.arrayNode().add(value);
        mustRefuse = true;
      }
      case "overflow-number" -> {
        String[] values = {
          "9223372036854775808",
          "-9223372036854775809",
          "18446744073709551616",
          "1e400",
          "1.5",
          "-1",
          "0",
          "4294967296",
          "2147483648"
        };
        int pick = random.nextInt(values.length);
        mustRefuse = pick < 5;
        replacement = value.isTextual() ? TextNode.valueOf(values[pick]) : number(values[pick]);
      }
      case "bad-enum" -> {
        int pick = random.nextInt(4);
        String text = value.isArray() && !value.isEmpty() ? value.get(0).asText() : value.asText();
        replacement =
            switch (pick) {
              case 0 -> TextNode.valueOf("FUZZ_NOT_A_VALUE");
              case 1 -> TextNode.valueOf(flipCase(text));
              case 2 -> IntNode.valueOf(999);
              default -> TextNode.valueOf("");
            };
        // Proto3 JSON and Cloudflare's enums are case-sensitive; the operator API's roles are not.
        mustRefuse = pick == 0 || pick == 2 || pick == 1 && seed.dialect() != Dialect.OPERATOR;
        if (value.isArray()) {
          replacement = NODES.arrayNode().add(replacement);
        }
      }
      case "odd-element" -> {
        ArrayNode array = NODES.arrayNode();
        array.add(
            random.nextBoolean()
                ? TextNode.valueOf(odd())
                : wrongType(TextNode.valueOf("x"), false));
        replacement = array;
        names = elementNames(value, names);
      }
      case "huge-array" -> {
        ArrayNode array = NODES.arrayNode();
        JsonNode element = value.isEmpty() ? TextNode.valueOf("x") : value.get(0);
        int size = random.nextBoolean() ? 1001 : 60;
        for (int i = 0; i < size; i++) {
          array.add(element);
        }
        replacement = array;
      }
      case "duplicate-key" -> {
        String key = (String) path.get(0);
        String body =
            "{\"" + key + "\":" + write(wrongType(value, numeric)) + "," + write(root).substring(1);
        return new RestCase(
            seed,
            kind,
            key,
            names,
            seed.dialect() == Dialect.YANDEX,
            seed.method(),
            target(seed.path(), seed.query()),
            body,
            "application/json");
      }
      default -> throw new IllegalStateException(kind);
    }
    set(root, path, replacement);
    return new RestCase(
        seed,
        kind,
        display(path),
        names,
        mustRefuse,
        seed.method(),
        target(seed.path(), seed.query()),
        write(root),
        "application/json");
  }

  private RestCase extraField(Seed seed, ObjectNode root) {
    List<ObjectNode> objects = new ArrayList<>();
    objects.add(root);
    root.forEach(
        child -> {
          if (child.isObject() && !looksLikeMap(child)) {
            objects.add((ObjectNode) child);
          }
        });
    ObjectNode target = objects.get(random.nextInt(objects.size()));
    target.set("fuzzExtra", random.nextBoolean() ? IntNode.valueOf(1) : TextNode.valueOf(odd()));
    return new RestCase(
        seed,
        "extra-field",
        "fuzzExtra",
        List.of("fuzzExtra", "fuzz_extra"),
        // Proto3 JSON refuses a field it does not know; Cloudflare and the operator API ignore it.
        seed.dialect() == Dialect.YANDEX,
        seed.method(),
        target(seed.path(), seed.query()),
        write(root),
        "application/json");
  }

  private JsonNode wrongType(JsonNode value, boolean numeric) {
    List<JsonNode> options = new ArrayList<>();
    if (!value.isTextual() || numeric) {
      options.add(TextNode.valueOf("abc"));
    }
    if (!value.isNumber() && !numeric) {
      options.add(IntNode.valueOf(12345));
    }
    if (!value.isBoolean()) {
      options.add(BooleanNode.TRUE);
    }
    if (!value.isObject()) {
      options.add(NODES.objectNode());
    }
    if (!value.isArray()) {
      options.add(NODES.arrayNode());
    }
    return options.get(random.nextInt(options.size()));
  }

  private static boolean enumLike(Dialect dialect, String leaf, JsonNode value) {
    JsonNode sample = value.isArray() && !value.isEmpty() ? value.get(0) : value;
    if (!sample.isTextual()) {
      return false;
    }
    return switch (dialect) {
      case YANDEX -> YANDEX_ENUM.matcher(sample.asText()).matches() && !leaf.endsWith("Id");
      case CLOUDFLARE -> CLOUDFLARE_ENUMS.contains(leaf);
      case OPERATOR -> OPERATOR_ENUMS.contains(leaf);
      case NETWORK -> false;
    };
  }

  /** A map (labels) takes any key, so a key added to it is not an unknown field. */
  private static boolean looksLikeMap(JsonNode node) {
    return node.has("team") || node.has("env");
  }

  private static void collect(JsonNode node, List<Object> prefix, List<List<Object>> into) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              entry -> {
                List<Object> path = new ArrayList<>(prefix);
                path.add(entry.getKey());
                into.add(path);
                collect(entry.getValue(), path, into);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        List<Object> path = new ArrayList<>(prefix);
        path.add(i);
        into.add(path);
        collect(node.get(i), path, into);
      }
    }
  }

  private static JsonNode at(JsonNode root, List<Object> path) {
    JsonNode node = root;
    for (Object step : path) {
      node = step instanceof Integer index ? node.get(index) : node.get((String) step);
    }
    return node;
  }

  private static void set(JsonNode root, List<Object> path, JsonNode value) {
    JsonNode parent = at(root, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode object) {
      if (value == null) {
        object.remove((String) last);
      } else {
        object.set((String) last, value);
      }
    } else if (parent instanceof ArrayNode array) {
      if (value == null) {
        array.remove((Integer) last);
      } else {
        array.set((Integer) last, value);
      }
    }
  }

  /** Returns the last named step of {@code path}: the field, or the list an element is in. */
  private static String leaf(List<Object> path) {
    for (int i = path.size() - 1; i >= 0; i--) {
      if (path.get(i) instanceof String name) {
        return name;
      }
    }
    return "";
  }

  /**
   * Returns the names an error may use for the field at {@code path}: its JSON and proto names, or
   * the map's name for a map entry (a label).
   */
  private static List<String> names(List<Object> path) {
    Set<String> names = new LinkedHashSet<>();
    String leaf = leaf(path);
    names.add(leaf);
    names.add(snake(leaf));
    if (path.size() >= 2 && "labels".equals(path.get(path.size() - 2))) {
      names.add("labels");
    }
    return List.copyOf(names);
  }

  private static List<String> elementNames(JsonNode array, List<String> names) {
    Set<String> all = new LinkedHashSet<>(names);
    if (!array.isEmpty() && array.get(0).isObject()) {
      array
          .get(0)
          .fieldNames()
          .forEachRemaining(
              n -> {
                all.add(n);
                all.add(snake(n));
              });
    }
    return List.copyOf(all);
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String display(List<Object> path) {
    StringBuilder text = new StringBuilder();
    for (Object step : path) {
      if (step instanceof Integer index) {
        text.append('[').append(index).append(']');
      } else {
        text.append(text.isEmpty() ? "" : ".").append(step);
      }
    }
    return text.toString();
  }

  private static JsonNode number(String text) {
    if (text.contains(".") || text.contains("e")) {
      return DecimalNode.valueOf(new BigDecimal(text));
    }
    return BigIntegerNode.valueOf(new BigInteger(text));
  }

  private static String flipCase(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.equals(text) ? text.toUpperCase(Locale.ROOT) : lower;
  }

  private String huge() {
    int[] sizes = {256, 4097, 65_536, 300_000};
    int size = random.nextInt(20) == 0 ? 1_100_000 : sizes[random.nextInt(sizes.length)];
    char c = (char) ('a' + random.nextInt(26));
    return String.valueOf(c).repeat(size);
  }

  String odd() {
    if (random.nextInt(5) == 0) {
      StringBuilder text = new StringBuilder();
      int length = 1 + random.nextInt(40);
      for (int i = 0; i < length; i++) {
        text.append(
            (char) (random.nextBoolean() ? 0x20 + random.nextInt(0x5f) : random.nextInt(0x3000)));
      }
      return text.toString();
    }
    return ODD_STRINGS.get(random.nextInt(ODD_STRINGS.size()));
  }

  // The body as a whole.

  private RestCase wholeBody(Seed seed) {
    String body = seed.body();
    String kind;
    String mutated;
    boolean mustRefuse = true;
    switch (random.nextInt(14)) {
      case 0 -> {
        kind = "malformed-json";
        mutated = body.substring(0, 1 + random.nextInt(Math.max(1, body.length() - 1)));
      }
      case 1 -> {
        kind = "malformed-json";
        mutated = "{not json";
      }
      case 2 -> {
        kind = "malformed-json";
        mutated = body.replaceFirst(":", "=");
      }
      case 3 -> {
        kind = "malformed-json";
        mutated = body.replace('"', '\'');
      }
      case 4 -> {
        kind = "malformed-json";
        mutated = "/* comment */" + body;
      }
      case 5 -> {
        kind = "malformed-json";
        mutated = body.replaceFirst("\":\"", "\":\"\u0001");
        if (mutated.equals(body)) {
          mutated = body + "\u0001";
        }
      }
      case 6 -> {
        kind = "not-an-object";
        mutated =
            List.of("[" + body + "]", "null", "42", "\"text\"", "true", "[]")
                .get(random.nextInt(6));
      }
      case 7 -> {
        kind = "trailing-data";
        mutated = body + List.of(" x", "}", "]", ",", "\u0000", " {}").get(random.nextInt(6));
      }
      case 8 -> {
        kind = "concatenated";
        mutated = body + body;
      }
      case 9 -> {
        kind = "malformed-json";
        mutated = body.replaceFirst("}$", ",}");
      }
      case 10 -> {
        kind = "deep-nesting";
        int depth = 2000 + random.nextInt(20_000);
        mutated = "{\"fuzzExtra\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
      }
      case 11 -> {
        kind = "bom";
        mutated = "\uFEFF" + body;
        mustRefuse = false;
      }
      case 12 -> {
        kind = "empty-body";
        mutated = random.nextBoolean() ? "" : " ";
        mustRefuse = false;
      }
      default -> {
        kind = "malformed-json";
        mutated = body.replaceFirst(":\\s*-?[0-9]+", ": NaN");
        if (mutated.equals(body)) {
          mutated = body.replaceFirst("\"", "");
        }
      }
    }
    if (mustRefuse && mutated.strip().equals(body.strip())) {
      // A short body (such as {}) may come through a mutation unchanged.
      mutated = "{not json";
    }
    return new RestCase(
        seed,
        kind,
        "",
        List.of(),
        mustRefuse,
        seed.method(),
        target(seed.path(), seed.query()),
        mutated,
        "application/json");
  }

  private RestCase contentType(Seed seed) {
    String[] types = {
      "text/plain",
      "application/xml",
      "text/html; charset=utf-8",
      "application/octet-stream",
      "multipart/form-data; boundary=x",
      "application/json; charset=utf-16",
      "image/png",
      "application/x-www-form-urlencoded",
      "application/grpc"
    };
    int pick = random.nextInt(types.length);
    return new RestCase(
        seed,
        "content-type",
        "",
        List.of(),
        pick < 7,
        seed.method(),
        target(seed.path(), seed.query()),
        seed.body(),
        types[pick]);
  }

  private RestCase bodyOnBodiless(Seed seed) {
    return new RestCase(
        seed,
        "unexpected-body",
        "",
        List.of(),
        false,
        seed.method(),
        target(seed.path(), seed.query()),
        random.nextBoolean() ? "{\"fuzzExtra\":1}" : "{not json",
        "application/json");
  }

  // Query parameters.

  private RestCase query(Seed seed) {
    List<Map.Entry<String, String>> query = new ArrayList<>(seed.query());
    if (query.isEmpty() || random.nextInt(4) == 0) {
      String name = random.nextBoolean() ? "fuzzParam" : "fuzz_param";
      query.add(Map.entry(name, encode(random.nextBoolean() ? "1" : odd())));
      return queryCase(seed, "unknown-param", name, List.of(name), true, query);
    }
    int index = random.nextInt(query.size());
    String name = query.get(index).getKey();
    List<String> names = List.of(name, snake(name));
    if (random.nextInt(8) == 0) {
      query.add(Map.entry(name, encode(odd())));
      return queryCase(seed, "repeated-param", name, names, false, query);
    }
    String value;
    boolean mustRefuse;
    String kind;
    if (PAGE_SIZES.contains(name)) {
      String[] values = {"abc", "-1", "99999999999999999999", "1.5", "0x10", "1e3", "%00", "%ZZ"};
      value = values[random.nextInt(values.length)];
      mustRefuse = true;
      kind = "bad-page-size";
    } else if (PAGE_TOKENS.contains(name)) {
      String[] values = {
        "forged",
        "-1",
        "99999999999",
        "1.5",
        "%00",
        "AAAA",
        "eyJvZmZzZXQiOjEwMH0%3D",
        "x".repeat(5000),
        "%ZZ"
      };
      value = values[random.nextInt(values.length)];
      mustRefuse = true;
      kind = name.equals("cursor") ? "bad-cursor" : "bad-page-token";
    } else if (name.equals("filter")) {
      String[] values = {
        "name%3D",
        "vlan%3D1",
        "name%3D%22x%22%20AND",
        "(((",
        "name%20IN%20()",
        "%00",
        "name%3D%22" + "x".repeat(3000) + "%22",
        "name%3D%22a%22%20OR%20name%3D%22b%22",
        "name%3D%27x%27",
        "%ZZ",
        encode(odd())
      };
      value = values[random.nextInt(values.length)];
      mustRefuse = false;
      kind = "bad-filter";
    } else {
      value =
          random.nextInt(6) == 0
              ? RAW_SEGMENTS.get(random.nextInt(RAW_SEGMENTS.size()))
              : encode(odd());
      mustRefuse = false;
      kind = "bad-param";
    }
    query.set(index, Map.entry(name, value));
    return queryCase(seed, kind, name, names, mustRefuse, query);
  }

  private RestCase queryCase(
      Seed seed,
      String kind,
      String name,
      List<String> names,
      boolean mustRefuse,
      List<Map.Entry<String, String>> query) {
    return new RestCase(
        seed,
        kind,
        name,
        names,
        mustRefuse,
        seed.method(),
        target(seed.path(), query),
        seed.body(),
        seed.body() == null ? "" : "application/json");
  }

  // The path and the method.

  private RestCase pathId(Seed seed) {
    String id;
    List<String> names = seed.idName();
    int roll = random.nextInt(10);
    if (roll < 3) {
      id = RAW_SEGMENTS.get(random.nextInt(RAW_SEGMENTS.size()));
      names = List.of();
    } else if (roll < 5) {
      id =
          List.of(
                  "x".repeat(51),
                  "x".repeat(5000),
                  seed.id().toUpperCase(Locale.ROOT),
                  UUID.randomUUID().toString(),
                  seed.id() + "0",
                  "-1",
                  "0")
              .get(random.nextInt(7));
    } else {
      id = encode(odd());
    }
    if (id.isEmpty()) {
      // An empty id changes the path's shape: another route (or none) answers.
      names = List.of();
    }
    String path =
        seed.path()
            .replaceFirst(Pattern.quote(seed.id()), java.util.regex.Matcher.quoteReplacement(id));
    return new RestCase(
        seed,
        "odd-id",
        seed.idName().isEmpty() ? "id" : seed.idName().get(0),
        names,
        false,
        seed.method(),
        target(path, seed.query()),
        seed.body(),
        seed.body() == null ? "" : "application/json");
  }

  private RestCase wrongMethod(Seed seed) {
    Set<String> allowed = methodsByPath.getOrDefault(template(seed), Set.of(seed.method()));
    List<String> others = new ArrayList<>(METHODS);
    others.removeAll(allowed);
    if (others.isEmpty()) {
      return query(seed);
    }
    String method = others.get(random.nextInt(others.size()));
    boolean withBody = !method.equals("GET") && !method.equals("DELETE");
    return new RestCase(
        seed,
        "wrong-method",
        "",
        List.of(),
        true,
        method,
        target(seed.path(), seed.query()),
        withBody ? "{}" : null,
        withBody ? "application/json" : "");
  }

  // Helpers.

  /**
   * Returns the seed's path with its id as a placeholder: the methods allowed are the template's.
   */
  private static String template(Seed seed) {
    return seed.id().isEmpty() ? seed.path() : seed.path().replace(seed.id(), "{id}");
  }

  static String target(String path, List<Map.Entry<String, String>> query) {
    if (query.isEmpty()) {
      return path;
    }
    StringBuilder text = new StringBuilder(path).append('?');
    for (int i = 0; i < query.size(); i++) {
      text.append(i == 0 ? "" : "&")
          .append(query.get(i).getKey())
          .append('=')
          .append(query.get(i).getValue());
    }
    return text.toString();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a seed body is not JSON: " + json, e);
    }
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String abbreviate(String text, int max) {
    String visible = text.replaceAll("\\p{Cntrl}", "\u00b7");
    return visible.length() <= max
        ? visible
        : visible.substring(0, max) + "...(" + text.length() + " chars)";
  }
}
