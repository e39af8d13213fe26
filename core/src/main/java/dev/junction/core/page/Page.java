package dev.junction.core.page;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Returns one page of a list and, unless it is the last, the cursor of the next page.
 *
 * @param next the cursor to pass as {@link PageRequest#after()} for the next page
 */
public record Page<T>(List<T> items, Optional<Long> next) {
  public Page {
    items = List.copyOf(items);
  }

  /** Returns this page with every item transformed by {@code mapper}. */
  public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
    return new Page<>(items.stream().<R>map(mapper).toList(), next);
  }
}
