package dev.junction.network.bird;

import dev.junction.core.network.BgpObservation;
import dev.junction.core.network.LinkObservation;
import dev.junction.core.network.RouterHeader;
import dev.junction.network.SubjectState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Observes the applied subjects: each one's link as the kernel shows it (iproute2) and its BGP
 * session as BIRD shows it over its control socket, naming a likely MD5 key mismatch when BIRD
 * names no error. Not thread-safe: the driver calls it under its own lock.
 */
final class SubjectObserver {
  private final Iproute kernel;
  private final BirdProtocols birdProtocols;
  private final AppliedSubjects applied;
  private final Md5Suspicions md5Suspicions;

  SubjectObserver(
      Iproute kernel,
      BirdProtocols birdProtocols,
      AppliedSubjects applied,
      Md5Suspicions md5Suspicions) {
    this.kernel = kernel;
    this.birdProtocols = birdProtocols;
    this.applied = applied;
    this.md5Suspicions = md5Suspicions;
  }

  /** Returns the state of each applied subject of {@code subjectIds}, the header left out. */
  Map<String, SubjectState> observe(Collection<String> subjectIds) {
    List<AppliedSubject> subjects = new ArrayList<>();
    for (String id : new LinkedHashSet<>(subjectIds)) {
      AppliedSubject subject = applied.get(id);
      if (subject != null && !id.equals(RouterHeader.SUBJECT_ID)) {
        subjects.add(subject);
      }
    }
    if (subjects.isEmpty()) {
      return Map.of();
    }
    try {
      Map<String, KernelLink> kernelLinks =
          subjects.stream().anyMatch(s -> s.linkPlan().flatMap(LinkPlan::interfaceName).isPresent())
              ? kernel.links()
              : Map.of();
      List<String> bgpNames =
          subjects.stream().map(AppliedSubject::bgpProtocol).flatMap(Optional::stream).toList();
      Map<String, ProtocolStatus> protocols = birdProtocols.find(bgpNames, true);
      md5Suspicions.note(subjects, protocols);
      Map<String, SubjectState> states = new LinkedHashMap<>();
      for (AppliedSubject subject : subjects) {
        Optional<LinkObservation> link =
            subject.linkPlan().flatMap(plan -> observeLink(plan, kernelLinks));
        Optional<BgpObservation> bgp =
            subject.bgpProtocol().map(name -> observeBgp(subject, name, protocols.get(name)));
        states.put(subject.subjectId(), new SubjectState(subject.subjectId(), link, bgp));
      }
      return Map.copyOf(states);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot observe the router: " + applied.redact(e.getMessage()), e);
    }
  }

  private static Optional<LinkObservation> observeLink(
      LinkPlan plan, Map<String, KernelLink> kernelLinks) {
    Optional<String> name = plan.interfaceName();
    if (name.isEmpty()) {
      return Optional.empty();
    }
    KernelLink link = kernelLinks.get(name.get());
    if (link == null) {
      return Optional.of(
          new LinkObservation(false, "NotFound", "interface " + name.get() + " does not exist"));
    }
    if (!link.adminUp()) {
      return Optional.of(
          new LinkObservation(false, "AdminDown", "interface " + name.get() + " is set down"));
    }
    if (!link.operUp()) {
      return Optional.of(
          new LinkObservation(
              false,
              "NoCarrier",
              "interface "
                  + name.get()
                  + " is "
                  + link.operstate().toLowerCase(java.util.Locale.ROOT)));
    }
    if (plan instanceof LinkPlan.Addressed addressed
        && !link.addresses().contains(addressed.address())) {
      return Optional.of(
          new LinkObservation(
              false,
              "AddressMissing",
              "interface " + name.get() + " lacks address " + addressed.address()));
    }
    return Optional.of(new LinkObservation(true, "LinkUp", ""));
  }

  private BgpObservation observeBgp(
      AppliedSubject subject, String name, @Nullable ProtocolStatus status) {
    if (status == null) {
      return new BgpObservation(
          "Down",
          Instant.EPOCH,
          "BIRD does not run protocol " + name + " (not reconfigured?)",
          0,
          0);
    }
    String state =
        status.running() ? (status.bgpState().isEmpty() ? "Idle" : status.bgpState()) : "Down";
    String error = status.lastError();
    if (error.isEmpty() && !status.running()) {
      error = "the protocol is shut down (disabled)";
    }
    if (error.isEmpty() && !BgpObservation.ESTABLISHED.equals(state)) {
      error = md5Suspicions.reason(subject.subjectId());
    }
    if (BgpObservation.ESTABLISHED.equals(state)) {
      md5Suspicions.clear(subject.subjectId());
    }
    return new BgpObservation(
        state,
        status.since().orElse(Instant.EPOCH),
        applied.redact(error),
        status.routesImported(),
        status.routesExported());
  }
}
