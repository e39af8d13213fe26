package dev.junction.network.bird;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes and unmakes the links of a change with iproute2: the steps in a safe order, run as one
 * batch, and undone in reverse when the change is refused.
 */
final class ChangeLinks {
  // Logs as the driver, so that one logger configures everything the driver does.
  private static final System.Logger LOG = System.getLogger(BirdDriver.class.getName());

  /** One subject's link commands and the commands that undo them. */
  record LinkStep(String subjectId, int phase, List<String> forward, List<String> undo) {}

  /** The steps that ran (fully or in part) and, if one failed, why. */
  record LinkOutcome(List<LinkStep> done, Optional<String> failure) {}

  private final Iproute kernel;
  private final LinkLayer links;

  ChangeLinks(Iproute kernel, LinkLayer links) {
    this.kernel = kernel;
    this.links = links;
  }

  /**
   * Returns the link commands of {@code plan} in a safe order: attachments' links (sub-interfaces,
   * untagged addresses) go first, then trunks are made, then attachments' links are made or
   * updated, then trunks go.
   */
  List<LinkStep> steps(List<Change> plan) throws IOException {
    List<LinkStep> steps = new ArrayList<>();
    Map<String, KernelLink> kernelLinks = null;
    for (Change change : plan) {
      Optional<LinkPlan> from = change.before().flatMap(AppliedSubject::linkPlan);
      Optional<LinkPlan> to = change.after().flatMap(AppliedSubject::linkPlan);
      if (from.equals(to)) {
        continue;
      }
      String id = change.subjectId();
      if (from.isPresent() && to.isPresent()) {
        Optional<List<String>> update = links.update(from.get(), to.get());
        if (update.isPresent()) {
          List<String> undo = links.update(to.get(), from.get()).orElse(List.of());
          steps.add(new LinkStep(id, trunk(to.get()) ? 1 : 2, update.get(), undo));
          continue;
        }
      }
      if (from.isPresent() && from.get() instanceof LinkPlan.Untagged untagged) {
        // The port is not Junction's: an address already gone from it (or the port itself) is
        // nothing to remove, and must not stop the removal of the attachment.
        if (kernelLinks == null) {
          kernelLinks = kernel.links();
        }
        KernelLink port = kernelLinks.get(untagged.parent());
        if (port == null || !port.addresses().contains(untagged.address())) {
          from = Optional.empty();
        }
      }
      from.ifPresent(
          plan0 ->
              steps.add(
                  new LinkStep(
                      id,
                      trunk(plan0) ? (to.isPresent() ? 1 : 3) : 0,
                      links.unmake(plan0),
                      links.make(plan0))));
      to.ifPresent(
          plan1 ->
              steps.add(
                  new LinkStep(id, trunk(plan1) ? 1 : 2, links.make(plan1), links.unmake(plan1))));
    }
    List<LinkStep> ordered = new ArrayList<>(steps);
    ordered.sort(java.util.Comparator.comparingInt(LinkStep::phase));
    return ordered;
  }

  /** Returns whether {@code plan} is a trunk's (a port, a bond) rather than an attachment's. */
  private static boolean trunk(LinkPlan plan) {
    return !(plan instanceof LinkPlan.Addressed);
  }

  /** Runs {@code steps} as one batch; returns those that ran and, if one failed, why. */
  LinkOutcome run(List<LinkStep> steps) throws IOException {
    List<String> commands = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      for (String command : steps.get(i).forward()) {
        commands.add(command);
        owner.add(i);
      }
    }
    if (commands.isEmpty()) {
      return new LinkOutcome(List.of(), Optional.empty());
    }
    Iproute.BatchResult result = kernel.batch(commands, false);
    if (result.ok()) {
      return new LinkOutcome(steps, Optional.empty());
    }
    int failed = result.failedLine().orElse(1);
    int failedStep = owner.get(Math.min(failed, owner.size()) - 1);
    List<LinkStep> done = new ArrayList<>(steps.subList(0, failedStep + 1));
    LinkStep culprit = steps.get(failedStep);
    String command = commands.get(Math.min(failed, commands.size()) - 1);
    return new LinkOutcome(
        done,
        Optional.of(
            culprit.subjectId()
                + ": the link could not be made: ip "
                + command
                + ": "
                + result.message()));
  }

  /** Undoes the steps {@code done}, the last first, going on past the commands that fail. */
  void undo(List<LinkStep> done) {
    List<String> commands = new ArrayList<>();
    for (int i = done.size() - 1; i >= 0; i--) {
      commands.addAll(done.get(i).undo());
    }
    if (commands.isEmpty()) {
      return;
    }
    try {
      Iproute.BatchResult result = kernel.batch(commands, true);
      if (!result.ok()) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "undoing links: some commands failed (expected for half-made links): {0}",
            result.message());
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot undo the links of a refused change", e);
    }
  }
}
