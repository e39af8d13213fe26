package dev.junction.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ids are the prefix and random lowercase letters and digits, 20 in all, each one possible. */
class RandomIdsTest {
  @Test
  void drawsTwentyCharactersOfTheAlphabetAfterThePrefix() {
    Ids ids = Ids.random();
    Set<String> seen = new HashSet<>();
    Set<Character> characters = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      String id = ids.next("cop");
      assertThat(id).hasSize(20).startsWith("cop").matches("[a-z0-9]{20}");
      seen.add(id);
      for (char c : id.substring(3).toCharArray()) {
        characters.add(c);
      }
    }
    assertThat(seen).as("no id drawn twice").hasSize(2_000);
    assertThat(characters).as("every letter and digit turns up").hasSize(36);
  }
}
