package dev.junction.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Ids are the prefix, the time they were made and random lowercase letters and digits, 20 in all:
 * they sort as they were made, and those made in the same millisecond still differ.
 */
class RandomIdsTest {
  private final AtomicLong millis =
      new AtomicLong(Instant.parse("2026-11-30T20:00:00Z").toEpochMilli());
  private final Ids ids =
      new RandomIds(ThreadLocal.withInitial(SecureRandom::new), InstantSource.fixed(Instant.EPOCH));
  private final Ids ticking =
      new RandomIds(
          ThreadLocal.withInitial(SecureRandom::new),
          () -> Instant.ofEpochMilli(millis.getAndIncrement()));

  @Test
  void drawsTwentyCharactersOfTheAlphabetAfterThePrefix() {
    Set<String> seen = new HashSet<>();
    Set<Character> characters = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      String id = ids.next("cop");
      assertThat(id).hasSize(20).startsWith("cop").matches("[a-z0-9]{20}");
      seen.add(id);
      for (char c : id.substring(3 + RandomIds.TIME_LENGTH).toCharArray()) {
        characters.add(c);
      }
    }
    assertThat(seen).as("no id drawn twice, all in the same millisecond").hasSize(2_000);
    assertThat(characters).as("every letter and digit turns up").hasSize(36);
  }

  @Test
  void idsSortAsTheyWereMade() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      made.add(ticking.next("cpc"));
    }
    assertThat(made).isSorted();
    assertThat(Ids.random().next("cpc")).isGreaterThan(made.getLast());
  }

  @Test
  void theTimeIsTheMillisecondsInBase36() {
    String id = ticking.next("cpc");
    assertThat(Long.parseLong(id.substring(3, 3 + RandomIds.TIME_LENGTH), 36))
        .isEqualTo(Instant.parse("2026-11-30T20:00:00Z").toEpochMilli());
  }

  @Test
  void aRandomIdTellsNoTime() {
    Set<Character> first = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      String id = ids.nextRandom("key");
      assertThat(id).hasSize(20).startsWith("key").matches("[a-z0-9]{20}");
      first.add(id.charAt(3));
    }
    assertThat(first)
        .as("the character after the prefix is drawn, not the time's")
        .hasSizeGreaterThan(20);
  }

  @Test
  void uuidsAreVersion7AndSortAsTheyWereMade() {
    List<UUID> made = new ArrayList<>();
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      UUID uuid = ticking.nextUuid();
      assertThat(uuid.version()).isEqualTo(7);
      assertThat(uuid.variant()).isEqualTo(2);
      made.add(uuid);
      seen.add(ids.nextUuid());
    }
    assertThat(made.stream().map(UUID::toString).toList()).isSorted();
    assertThat(made.getFirst().getMostSignificantBits() >>> 16)
        .isEqualTo(Instant.parse("2026-11-30T20:00:00Z").toEpochMilli());
    assertThat(seen).as("no UUID drawn twice in the same millisecond").hasSize(1_000);
  }
}
