package dev.junction.network.bird;

import dev.junction.network.Repair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Repairs the links that drifted from what was applied: makes a missing link again, puts back a
 * missing address or MTU, and sets up a link set down. Not thread-safe: the driver calls it under
 * its own lock.
 */
final class LinkRepair {
  // Logs as the driver, so that one logger configures everything the driver does.
  private static final System.Logger LOG = System.getLogger(BirdDriver.class.getName());

  private final Iproute kernel;
  private final LinkLayer links;
  private final AppliedSubjects applied;

  LinkRepair(Iproute kernel, LinkLayer links, AppliedSubjects applied) {
    this.kernel = kernel;
    this.links = links;
    this.applied = applied;
  }

  /** Repairs the links, adding what it repaired to {@code repairs}. */
  void repair(List<Repair> repairs) throws IOException {
    boolean any =
        applied.values().stream()
            .anyMatch(s -> s.linkPlan().flatMap(LinkPlan::interfaceName).isPresent());
    if (!any) {
      return;
    }
    Map<String, KernelLink> kernelLinks = kernel.links();
    List<AppliedSubject> ordered = new ArrayList<>(applied.values());
    // Trunks' links first, so that an attachment's link finds its parent made again.
    ordered.sort(
        java.util.Comparator.comparingInt(
            s -> s.linkPlan().map(p -> p instanceof LinkPlan.Addressed ? 1 : 0).orElse(2)));
    Set<String> made = new HashSet<>();
    for (AppliedSubject subject : ordered) {
      Optional<LinkPlan> plan = subject.linkPlan();
      if (plan.isEmpty() || plan.get().interfaceName().isEmpty()) {
        continue;
      }
      String name = plan.get().interfaceName().get();
      KernelLink link = kernelLinks.get(name);
      List<String> commands = new ArrayList<>();
      List<String> found = new ArrayList<>();
      if (link == null) {
        if (plan.get() instanceof LinkPlan.Untagged untagged) {
          // The port is not Junction's to make; once it is back (a bond made again just now, or
          // the next repair after the port returns), the address goes back on it.
          if (!made.contains(name)) {
            continue;
          }
          commands.addAll(links.make(plan.get()));
          found.add(
              "interface "
                  + name
                  + " was made again; put address "
                  + untagged.address()
                  + " back on it");
        } else {
          if (plan.get() instanceof LinkPlan.Port || links.cannotMake(plan.get()).isPresent()) {
            continue;
          }
          commands.addAll(links.make(plan.get()));
          found.add("interface " + name + " was missing; made it again");
        }
      } else {
        if (plan.get() instanceof LinkPlan.Addressed addressed) {
          if (link.mtu() != addressed.mtu()) {
            commands.add("link set dev " + name + " mtu " + addressed.mtu());
            found.add("interface " + name + " had MTU " + link.mtu() + "; set " + addressed.mtu());
          }
          if (!link.addresses().contains(addressed.address())) {
            commands.add("address add " + addressed.address() + " dev " + name);
            found.add(
                "interface " + name + " lacked address " + addressed.address() + "; added it");
          }
        }
        if (!link.adminUp()) {
          commands.add("link set dev " + name + " up");
          found.add("interface " + name + " was set down; set it up");
        }
      }
      if (commands.isEmpty()) {
        continue;
      }
      Iproute.BatchResult result = kernel.batch(commands, false);
      if (result.ok()) {
        repairs.add(new Repair(subject.subjectId(), applied.redact(String.join("; ", found))));
        if (link == null) {
          made.add(name);
        }
      } else {
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot repair the link of {0}: {1}",
            subject.subjectId(),
            applied.redact(result.message()));
      }
    }
  }
}
