package dev.junction.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubjectTableTest {
  /** A row as the agent's and the simulated router's are: its id's text kept only if need be. */
  private static class Row extends SubjectRow {
    final int value;

    Row(String id, int value) {
      this(id, false, value);
    }

    private Row(String id, boolean keepsText, int value) {
      super(id, keepsText);
      this.value = value;
    }

    static Row of(String id, int value) {
      return compact(id) ? new Row(id, value) : new TextRow(id, value);
    }
  }

  private static final class TextRow extends Row {
    private final String id;

    TextRow(String id, int value) {
      super(id, true, value);
      this.id = id;
    }

    @Override
    protected String idText() {
      return id;
    }
  }

  @Test
  void everyKindOfIdComesBackAsGiven() {
    List<String> ids =
        List.of(
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "00000000-0000-0000-0000-000000000000",
            // Upper case, braces, a wrong shape: kept as text.
            "0F8FAD5B-D9CB-469F-A165-70867728950E",
            "0f8fad5b-d9cb-469f-a165-70867728950",
            "0f8fad5bd9cb469fa16570867728950e1234",
            "cpcabcdefghij0123456",
            "cpc-a",
            "",
            "router",
            "z",
            "cpcabcdefghij01234567",
            "trunk_1",
            "идентификатор",
            "a\nb");
    SubjectTable<Row> table = new SubjectTable<>();
    for (int i = 0; i < ids.size(); i++) {
      Row row = Row.of(ids.get(i), i);
      assertThat(row.subjectId()).isEqualTo(ids.get(i));
      assertThat(table.put(row)).isNull();
    }
    for (int i = 0; i < ids.size(); i++) {
      assertThat(table.get(ids.get(i)).value).isEqualTo(i);
    }
    assertThat(table.ids()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(table.get("0f8fad5b-d9cb-469f-a165-70867728950f")).isNull();
    assertThat(table.get("cpc-b")).isNull();
  }

  @Test
  void aRowThatKeepsNoTextTakesOnlyTheIdsItHoldsInItsLongs() {
    assertThat(SubjectRow.compact("0f8fad5b-d9cb-469f-a165-70867728950e")).isTrue();
    assertThat(SubjectRow.compact("cpcabcdefghij0123456")).isTrue();
    assertThat(SubjectRow.compact("trunk_1")).isFalse();
    assertThat(SubjectRow.compact("cpcabcdefghij01234567")).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Row("trunk_1", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("subjectId: trunk_1 (");
  }

  @Test
  void behavesAsAMapThroughGrowthAndRemovals() {
    Random random = new Random(11);
    SubjectTable<Row> table = new SubjectTable<>();
    Map<String, Integer> expected = new HashMap<>();
    List<String> pool =
        java.util.stream.IntStream.range(0, 3_000)
            .mapToObj(
                i ->
                    switch (i % 3) {
                      case 0 -> new UUID(random.nextLong(), random.nextLong()).toString();
                      case 1 -> "cpc" + Integer.toString(i, 36);
                      default -> "Trunk " + i;
                    })
            .toList();
    for (int step = 0; step < 50_000; step++) {
      String id = pool.get(random.nextInt(pool.size()));
      if (random.nextInt(3) == 0) {
        Row removed = table.remove(id);
        Integer was = expected.remove(id);
        assertThat(removed == null ? null : removed.value).isEqualTo(was);
      } else {
        Row previous = table.put(Row.of(id, step));
        Integer was = expected.put(id, step);
        assertThat(previous == null ? null : previous.value).isEqualTo(was);
      }
      assertThat(table.size()).isEqualTo(expected.size());
    }
    for (String id : pool) {
      Row row = table.get(id);
      assertThat(row == null ? null : row.value).isEqualTo(expected.get(id));
      assertThat(table.contains(id)).isEqualTo(expected.containsKey(id));
    }
    assertThat(table.ids()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    table.clear();
    assertThat(table.isEmpty()).isTrue();
    assertThat(table.get(pool.get(0))).isNull();
  }

  @Test
  void aWalkMeetsEveryRowOnceAndWhatStaysThroughChangesMadeWhileItWalks() {
    SubjectTable<Row> table = new SubjectTable<>();
    for (int i = 0; i < 1_000; i++) {
      table.put(new Row("cpc" + i, i));
    }
    List<Integer> met = new java.util.ArrayList<>();
    table.walk().forEachRemaining(row -> met.add(row.value));
    assertThat(met).hasSize(1_000).doesNotHaveDuplicates();
    assertThat(table.walk().hasNext()).isTrue();
    assertThat(new SubjectTable<Row>().walk().hasNext()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SubjectTable<Row>().walk().next())
        .isInstanceOf(java.util.NoSuchElementException.class);

    // Halfway, half of the rows go and twice as many new ones come (the table grows): the walk
    // goes on to its end, meeting only rows that were put, and the next walk meets the table's
    // rows.
    java.util.Iterator<Row> walk = table.walk();
    for (int i = 0; i < 500; i++) {
      walk.next();
    }
    for (int i = 0; i < 1_000; i += 2) {
      table.remove("cpc" + i);
    }
    for (int i = 1_000; i < 3_000; i++) {
      table.put(new Row("cpc" + i, i));
    }
    List<Integer> rest = new java.util.ArrayList<>();
    walk.forEachRemaining(row -> rest.add(row.value));
    assertThat(rest).isNotEmpty().allMatch(value -> value >= 0 && value < 3_000);
    List<String> again = new java.util.ArrayList<>();
    table.walk().forEachRemaining(row -> again.add(row.subjectId()));
    assertThat(again).hasSize(2_500).containsExactlyInAnyOrderElementsOf(table.ids());
  }
}
