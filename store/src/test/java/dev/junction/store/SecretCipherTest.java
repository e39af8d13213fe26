package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sealing and opening the store's secrets. Opening reuses one cipher per thread, so these open
 * values of several keys one after the other on one thread, with a failed opening among them.
 */
class SecretCipherTest {
  private final Map<String, byte[]> ring = new LinkedHashMap<>();

  SecretCipherTest() {
    ring.put("old", SecretCipher.newKey());
    ring.put("new", SecretCipher.newKey());
  }

  @Test
  void opensValuesOfEveryKeyOfTheRingInTurn() {
    SecretCipher old = SecretCipher.of("old", ring);
    SecretCipher current = SecretCipher.of("new", ring);
    String a = old.seal("md5-a");
    String b = current.seal("md5-b");

    for (int i = 0; i < 3; i++) {
      assertThat(current.open(a)).isEqualTo("md5-a");
      assertThat(current.open(b)).isEqualTo("md5-b");
      assertThat(old.open(b)).isEqualTo("md5-b");
    }
  }

  @Test
  void aTamperedValueIsRefusedAndTheNextOneStillOpens() {
    SecretCipher cipher = SecretCipher.of("new", ring);
    String sealed = cipher.seal("md5-key");
    int last = sealed.length() - 3;
    String tampered =
        sealed.substring(0, last)
            + (sealed.charAt(last) == 'A' ? 'B' : 'A')
            + sealed.substring(last + 1);

    assertThatThrownBy(() -> cipher.open(tampered))
        .isInstanceOf(StoreException.class)
        .hasMessageNotContaining("md5-key");
    assertThatThrownBy(() -> cipher.open("v1:new:AAAA")).isInstanceOf(StoreException.class);
    assertThat(cipher.open(sealed)).isEqualTo("md5-key");
    assertThat(cipher.open("plain")).isEqualTo("plain");
  }
}
