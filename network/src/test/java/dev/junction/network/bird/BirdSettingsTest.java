package dev.junction.network.bird;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.attachment.AttachmentKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BirdSettingsTest {

  @Test
  void readsBackWhatAnAgentReports() {
    BirdSettings settings =
        BirdSettings.defaults()
            .withTimers(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
    assertThat(BirdSettings.fromMap(settings.asMap())).isEqualTo(settings);
    assertThat(new BirdRenderer(settings).settings()).containsEntry("connectDelay", "1s");
  }

  @Test
  void takesTheDefaultsForWhatIsLeftOut() {
    BirdSettings read = BirdSettings.fromMap(Map.of("importLimit.CNI", "50"));
    assertThat(read.importLimits()).containsEntry(AttachmentKind.CNI, 50);
    assertThat(read.connectDelay()).isEqualTo(BirdSettings.defaults().connectDelay());
  }

  @Test
  void refusesWhatItCannotRead() {
    assertThatThrownBy(() -> BirdSettings.fromMap(Map.of("connectDelay", "soon")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BirdSettings.fromMap(Map.of("martians", "10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
