package dev.junction.network.plan;

import static java.util.Objects.requireNonNull;

import dev.junction.core.network.AgentInfo;
import dev.junction.core.network.DesiredChanges;
import dev.junction.core.network.DesiredSnapshot;
import dev.junction.core.network.DesiredState;
import dev.junction.core.network.RouterStatus;
import dev.junction.network.RouterRenderer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes routers' plans on the server: pages through a router's desired snapshot (which carries
 * what the store recorded as applied), renders each subject with a renderer of the router's driver
 * made from the settings its agent reported, and lists what differs. Nothing is applied, and no
 * agent is asked.
 */
public final class Planner {
  /** The most pages of the change feed read to find the subjects deleted since a router applied. */
  static final int MAX_REMOVAL_PAGES = 10;

  private final DesiredState desired;
  private final RendererFactory renderers;

  public Planner(DesiredState desired, RendererFactory renderers) {
    this.desired = requireNonNull(desired, "desired");
    this.renderers = requireNonNull(renderers, "renderers");
  }

  /**
   * Returns one page of the plan of the router of {@code status}: its subjects after {@code after}
   * (attachments ordered by id, at most {@code limit}), and on the first page its header and the
   * subjects deleted since its applied sequence.
   *
   * @param fallbackDriver the driver to render with when no agent has reported one yet (the
   *     server's own driver of the router), empty if unknown
   */
  public RouterPlan plan(
      RouterStatus status, Optional<String> fallbackDriver, Optional<String> after, int limit) {
    String routerId = status.routerId();
    Optional<String> driver = status.agent().map(AgentInfo::driver).or(() -> fallbackDriver);
    Map<String, String> settings = status.agent().map(AgentInfo::settings).orElse(Map.of());
    Optional<RouterRenderer> renderer = Optional.empty();
    String rendering;
    if (driver.isEmpty()) {
      rendering =
          "not rendered: no agent has reported the router's driver yet; changes are found by"
              + " revision only";
    } else {
      try {
        renderer = Optional.of(renderers.renderer(routerId, driver.get(), settings));
        rendering =
            "rendered as the "
                + driver.get()
                + " driver "
                + (status.agent().isPresent() ? "its agent reported" : "the server runs it with")
                + " would";
      } catch (RendererFactory.UnknownDriver unknown) {
        rendering =
            "not rendered: " + unknown.getMessage() + "; changes are found by revision only";
      }
    }
    DesiredSnapshot page = desired.snapshot(routerId, after, limit);
    List<RouterPlan.Step> steps = new ArrayList<>();
    Optional<RouterPlan.HeaderChange> header = Optional.empty();
    if (after.isEmpty()) {
      header = RouterPlan.header(page.header(), status.headerHash(), renderer);
    }
    steps.addAll(RouterPlan.steps(page, renderer));
    if (after.isEmpty()) {
      steps.addAll(removed(routerId, status.appliedSeq()));
    }
    return new RouterPlan(
        routerId,
        renderer.isPresent() ? driver : Optional.empty(),
        rendering,
        page.seq(),
        status.appliedSeq(),
        header,
        steps,
        page.next());
  }

  /** Returns a removal for every subject deleted from the router after sequence {@code since}. */
  private List<RouterPlan.Step> removed(String routerId, long since) {
    Set<String> ids = new LinkedHashSet<>();
    long from = since;
    for (int pages = 0; pages < MAX_REMOVAL_PAGES; pages++) {
      DesiredChanges changes = desired.changes(routerId, from, DesiredState.MAX_PAGE);
      ids.addAll(changes.removed());
      if (!changes.more()) {
        break;
      }
      from = changes.seq();
    }
    return ids.stream()
        .map(
            id ->
                new RouterPlan.Step(
                    id,
                    "",
                    RouterPlan.Action.REMOVE,
                    0,
                    0,
                    "deleted after the sequence the router last applied ("
                        + since
                        + "); its agent removes it if the router still runs it",
                    List.of()))
        .toList();
  }
}
