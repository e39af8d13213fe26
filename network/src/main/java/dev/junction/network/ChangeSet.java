package dev.junction.network;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One change to a router: a new header, subjects to put (added or replaced) and subjects to remove,
 * applied together.
 */
public record ChangeSet(Optional<Rendered> header, List<Rendered> put, List<String> remove) {
  public ChangeSet {
    requireNonNull(header, "header");
    put = List.copyOf(put);
    remove = List.copyOf(remove);
  }

  public boolean isEmpty() {
    return header.isEmpty() && put.isEmpty() && remove.isEmpty();
  }

  /** Returns how many subjects (and the header) the change touches. */
  public int size() {
    return (header.isPresent() ? 1 : 0) + put.size() + remove.size();
  }
}
