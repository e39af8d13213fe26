package dev.junction.core.network;

import static dev.junction.core.CoreHarness.AGENT_SILENCE;
import static dev.junction.core.CoreHarness.DEMO_TRUNK;
import static dev.junction.core.CoreHarness.ROUTER;
import static dev.junction.core.CoreHarness.caller;
import static dev.junction.core.CoreHarness.draft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.CoreHarness;
import dev.junction.core.Engine;
import dev.junction.core.attachment.AttachmentKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What the network shows of subjects and routers, over a real store. */
@ParameterizedClass
@EnumSource(Engine.class)
class NetworkViewTest {
  @Parameter Engine engine;

  @TempDir Path dir;
  private CoreHarness harness;
  private NetworkView view;

  @BeforeEach
  void start() {
    harness = new CoreHarness(engine, dir);
    view = harness.useCases.network().view();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void showsConditionsUnknownOnceTheAgentHasBeenSilentTooLong() {
    harness.networkApplies(DEMO_TRUNK, 1);
    Observation fresh = view.observation(DEMO_TRUNK).orElseThrow();
    assertThat(fresh.holds(ConditionType.CONFIG_APPLIED)).isTrue();
    assertThat(view.subject(caller(), DEMO_TRUNK).router().silent()).isFalse();

    harness.clock.tick(AGENT_SILENCE.plus(Duration.ofSeconds(1)));
    Observation stale = view.observation(DEMO_TRUNK).orElseThrow();
    assertThat(stale.conditions())
        .isNotEmpty()
        .allSatisfy(
            condition -> {
              assertThat(condition.status()).isEqualTo(ConditionStatus.UNKNOWN);
              assertThat(condition.reason()).isEqualTo(NetworkView.AGENT_SILENT);
            });
    assertThat(stale.appliedRevision()).isEqualTo(1);
    NetworkView.SubjectView subject = view.subject(caller(), DEMO_TRUNK);
    assertThat(subject.router().silent()).isTrue();
    assertThat(subject.router().message()).contains(ROUTER);
  }

  @Test
  void showsARouterWithAPageOfItsSubjects() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(
          harness
              .useCases
              .attachments()
              .create(caller(), AttachmentKind.PRIVATE, draft("pc-" + i, 100 + i))
              .resourceId());
    }
    harness.networkApplies(ids.get(0), 1);

    List<String> sorted = ids.stream().sorted().toList();
    NetworkView.RouterView first = view.router(caller(), ROUTER, Optional.empty(), 2);
    assertThat(first.status().owner()).contains(CoreHarness.AGENT);
    assertThat(first.liveness().silent()).isFalse();
    assertThat(first.events()).extracting(NetworkEvent::kind).contains(EventKind.OWNER_CHANGED);
    assertThat(first.subjects())
        .extracting(NetworkView.SubjectView::subjectId)
        .containsExactly(DEMO_TRUNK, sorted.get(0), sorted.get(1));
    assertThat(first.subjects().get(0).observation()).isEmpty();
    NetworkView.RouterView rest = view.router(caller(), ROUTER, first.next(), 2);
    assertThat(rest.subjects())
        .extracting(NetworkView.SubjectView::subjectId)
        .containsExactly(sorted.get(2));
    assertThat(rest.next()).isEmpty();
    assertThat(view.routers(caller())).extracting(RouterStatus::routerId).containsExactly(ROUTER);
  }

  @Test
  void showsARouterNeverHeardFromAsSilent() {
    NetworkView.RouterView router = view.router(caller(), ROUTER, Optional.empty(), 10);
    assertThat(router.liveness().silent()).isTrue();
    assertThat(router.liveness().lastHeardAt()).isEmpty();
    assertThat(router.status().owner()).isEmpty();
  }
}
