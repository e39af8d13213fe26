package dev.junction.network;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Rows by subject id, for a component that keeps something of each of a router's subjects: an
 * open-addressing table (linear probing, at most three quarters full) of the rows themselves, which
 * hold their ids compactly ({@link SubjectRow}). Per subject it costs a row and 1.3 to 2.7 table
 * slots, where a {@code HashMap<String, V>} costs the id's string, a node and a slot besides the
 * value. Iteration order is the table's. Not thread-safe.
 */
public final class SubjectTable<R extends SubjectRow> {
  private static final int MIN_CAPACITY = 16;

  private SubjectRow[] slots = new SubjectRow[MIN_CAPACITY];
  private int size;
  private final SubjectRow.Encoded query = new SubjectRow.Encoded();

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Returns the row of subject {@code subjectId}, or null. */
  public R get(String subjectId) {
    int slot = find(subjectId);
    return slot < 0 ? null : row(slot);
  }

  public boolean contains(String subjectId) {
    return find(subjectId) >= 0;
  }

  /** Puts {@code row} in place of any row of the same subject, and returns that one, or null. */
  public R put(R row) {
    requireNonNull(row, "row");
    int mask = slots.length - 1;
    for (int slot = row.idHash() & mask; ; slot = (slot + 1) & mask) {
      SubjectRow current = slots[slot];
      if (current == null) {
        slots[slot] = row;
        size++;
        if (size * 4 > slots.length * 3) {
          resize(slots.length * 2);
        }
        return null;
      }
      if (current.sameId(row)) {
        slots[slot] = row;
        @SuppressWarnings("unchecked")
        R previous = (R) current;
        return previous;
      }
    }
  }

  /** Removes the row of subject {@code subjectId} and returns it, or null. */
  public R remove(String subjectId) {
    int slot = find(subjectId);
    if (slot < 0) {
      return null;
    }
    R removed = row(slot);
    // Backward-shift deletion: move up what would no longer be found past the hole.
    int mask = slots.length - 1;
    int hole = slot;
    for (int next = (hole + 1) & mask; slots[next] != null; next = (next + 1) & mask) {
      int home = slots[next].idHash() & mask;
      boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
      if (movable) {
        slots[hole] = slots[next];
        hole = next;
      }
    }
    slots[hole] = null;
    size--;
    return removed;
  }

  public void clear() {
    slots = new SubjectRow[MIN_CAPACITY];
    size = 0;
  }

  /** Calls {@code action} with each row. */
  public void forEach(Consumer<? super R> action) {
    for (int slot = 0; slot < slots.length; slot++) {
      if (slots[slot] != null) {
        action.accept(row(slot));
      }
    }
  }

  /**
   * Returns a walk over the rows that keeps no copy of them, only its place in the table: for a
   * sweep over a large table, where a list of its rows would be a slot a row more for the whole
   * round. A table left as it is is walked row by row, each once. While it changes, a row may be
   * missed or met twice (a removal moves the rows after it back a slot, growing the table moves
   * them all): fit for a sweep that comes round again, not for a walk that must meet every row.
   */
  public Iterator<R> walk() {
    return new Iterator<>() {
      private int slot = -1;

      @Override
      public boolean hasNext() {
        return following() < slots.length;
      }

      @Override
      public R next() {
        int at = following();
        if (at >= slots.length) {
          throw new NoSuchElementException();
        }
        slot = at;
        return row(at);
      }

      private int following() {
        int at = slot + 1;
        while (at < slots.length && slots[at] == null) {
          at++;
        }
        return at;
      }
    };
  }

  /** Returns the rows, as a list of its own. */
  public List<R> rows() {
    List<R> rows = new ArrayList<>(size);
    forEach(rows::add);
    return rows;
  }

  /** Returns the subjects' ids, as a list of its own: made anew, so best not for a large table. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>(size);
    forEach(row -> ids.add(row.subjectId()));
    return ids;
  }

  private int find(String subjectId) {
    query.encode(subjectId);
    int mask = slots.length - 1;
    for (int slot = query.hash() & mask; slots[slot] != null; slot = (slot + 1) & mask) {
      if (slots[slot].sameId(query)) {
        return slot;
      }
    }
    return -1;
  }

  @SuppressWarnings("unchecked")
  private R row(int slot) {
    return (R) slots[slot];
  }

  private void resize(int capacity) {
    SubjectRow[] old = slots;
    slots = new SubjectRow[capacity];
    int mask = capacity - 1;
    for (SubjectRow row : old) {
      if (row != null) {
        int slot = row.idHash() & mask;
        while (slots[slot] != null) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = row;
      }
    }
    Arrays.fill(old, null);
  }
}
