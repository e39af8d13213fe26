package dev.junction.api.yandex;

import dev.junction.core.page.NameFilter;
import dev.junction.core.page.PageRequest;
import dev.junction.core.page.PageToken;
import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.problem.Violations;
import java.util.List;
import java.util.Optional;

/**
 * The shape rules of Yandex requests that the proto declares rather than the domain: ids of at most
 * 50 characters, page sizes up to 1000, page tokens of at most 100 characters that this server
 * issued, and filters of at most 1000 characters.
 */
final class Requests {
  static final int MAX_ID_LENGTH = 50;
  static final int MAX_BATCH = 1000;

  private Requests() {}

  /** Returns {@code value}, a required id. */
  static String id(String field, String value) {
    Violations violations = new Violations();
    requiredId(field, value, violations);
    violations.throwIfAny();
    return value;
  }

  /** Adds a violation if the required id {@code value} is empty or too long. */
  static void requiredId(String field, String value, Violations violations) {
    if (value.isEmpty()) {
      violations.add(field, "is required");
    } else {
      optionalId(field, value, violations);
    }
  }

  /** Adds a violation if the id {@code value} is too long. */
  static void optionalId(String field, String value, Violations violations) {
    if (value.length() > MAX_ID_LENGTH) {
      violations.add(
          field, "must be at most " + MAX_ID_LENGTH + " characters (got " + value.length() + ")");
    }
  }

  /** Returns the ids of a batch request: at most 1000, each at most 50 characters. */
  static List<String> ids(String field, List<String> ids) {
    Violations violations = new Violations();
    if (ids.size() > MAX_BATCH) {
      violations.add(field, "must list at most " + MAX_BATCH + " ids (got " + ids.size() + ")");
    }
    for (int i = 0; i < ids.size() && i < MAX_BATCH; i++) {
      optionalId(field + "[" + i + "]", ids.get(i), violations);
    }
    violations.throwIfAny();
    return ids;
  }

  /** Returns the page asked for by {@code page_size} and {@code page_token}. */
  static PageRequest page(long pageSize, String pageToken) {
    Violations violations = new Violations();
    PageRequest page = page(pageSize, pageToken, violations);
    violations.throwIfAny();
    return page;
  }

  static PageRequest page(long pageSize, String pageToken, Violations violations) {
    Optional<Long> after = Optional.empty();
    if (!pageToken.isEmpty()) {
      if (pageToken.length() > 100) {
        violations.add("page_token", "must be at most 100 characters");
      } else {
        after = PageToken.decode(pageToken);
        if (after.isEmpty()) {
          violations.add("page_token", "is not a page token this server issued");
        }
      }
    }
    return PageRequest.of("page_size", pageSize, after, violations);
  }

  /** Returns the names a {@code filter} selects. */
  static NameFilter filter(String filter, Violations violations) {
    if (filter.length() > 1000) {
      violations.add("filter", "must be at most 1000 characters");
      return NameFilter.ALL;
    }
    try {
      return NameFilterParser.parse(filter);
    } catch (ProblemException e) {
      if (e.problem() instanceof Problem.InvalidArgument invalid) {
        invalid.violations().forEach(v -> violations.add(v.field(), v.description()));
        return NameFilter.ALL;
      }
      throw e;
    }
  }

  /** Returns the token of the next page, empty on the last page. */
  static String nextPageToken(Optional<Long> next) {
    return next.map(PageToken::encode).orElse("");
  }
}
