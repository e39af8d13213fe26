package dev.junction.network.bird;

import dev.junction.core.network.RouterHeader;
import dev.junction.network.Repair;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Repairs the protocols BIRD runs that drifted from the files: reconfigures BIRD when the files
 * were rewritten, a reconfiguration is owed, or a protocol is missing or not Junction's, then
 * enables each protocol that is down. Not thread-safe: the driver calls it under its own lock.
 */
final class ProtocolRepair {
  // Logs as the driver, so that one logger configures everything the driver does.
  private static final System.Logger LOG = System.getLogger(BirdDriver.class.getName());

  private final BirdControl bird;
  private final Duration configureTimeout;
  private final AppliedSubjects applied;
  private final Reconfiguration reconfiguration;
  private final BirdProtocols protocols;

  ProtocolRepair(
      BirdControl bird,
      Duration configureTimeout,
      AppliedSubjects applied,
      Reconfiguration reconfiguration,
      BirdProtocols protocols) {
    this.bird = bird;
    this.configureTimeout = configureTimeout;
    this.applied = applied;
    this.reconfiguration = reconfiguration;
    this.protocols = protocols;
  }

  /**
   * Repairs the protocols, adding what it repaired to {@code repairs}; {@code rewritten} says
   * whether the files BIRD reads were just repaired.
   */
  void repair(List<Repair> repairs, boolean rewritten) throws IOException {
    Map<String, String> expected = new HashMap<>();
    for (AppliedSubject subject : applied.values()) {
      subject.protocols().forEach(name -> expected.put(name, subject.subjectId()));
    }
    Map<String, ProtocolStatus> shown = new HashMap<>();
    for (ProtocolStatus status :
        ProtocolStatus.parse(bird.send("show protocols", configureTimeout))) {
      shown.put(status.name(), status);
    }
    Set<String> missing = new LinkedHashSet<>(expected.keySet());
    missing.removeAll(shown.keySet());
    Set<String> extra = new LinkedHashSet<>();
    for (String name : shown.keySet()) {
      if (!expected.containsKey(name) && ownedName(name)) {
        extra.add(name);
      }
    }
    if (rewritten || reconfiguration.owed() || !missing.isEmpty() || !extra.isEmpty()) {
      BirdReply reply = reconfiguration.send();
      if (reply.isError()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "BIRD refused the repaired configuration: {0}",
            applied.redact(reply.finalText()));
        return;
      }
      if (reconfiguration.settle()) {
        repairs.add(
            new Repair(
                RouterHeader.SUBJECT_ID,
                "BIRD did not answer a reconfiguration in time, so what it runs was unknown;"
                    + " reconfigured it from the files"));
      }
      for (String name : missing) {
        repairs.add(
            new Repair(
                expected.get(name), "BIRD did not run protocol " + name + "; reconfigured it"));
      }
      for (String name : extra) {
        repairs.add(
            new Repair(
                RouterHeader.SUBJECT_ID,
                "BIRD ran protocol " + name + ", which Junction did not configure; reconfigured"));
      }
      shown.clear();
      if (!protocols.confirmNames(expected.keySet())) {
        LOG.log(System.Logger.Level.WARNING, "BIRD did not confirm the repaired configuration");
      }
      for (ProtocolStatus status :
          ProtocolStatus.parse(bird.send("show protocols", configureTimeout))) {
        shown.put(status.name(), status);
      }
    }
    for (Map.Entry<String, String> protocol : expected.entrySet()) {
      ProtocolStatus status = shown.get(protocol.getKey());
      if (status != null && status.state().equals("down")) {
        BirdReply reply = bird.send("enable \"" + protocol.getKey() + "\"");
        if (!reply.isError()) {
          repairs.add(
              new Repair(
                  protocol.getValue(),
                  "protocol " + protocol.getKey() + " was down (disabled); enabled it"));
        }
      }
    }
  }

  /** Returns whether a protocol of that name would be Junction's. */
  private static boolean ownedName(String name) {
    return name.startsWith("bgp_")
        || name.startsWith("static_")
        || name.startsWith("origin_")
        || name.startsWith("junction_");
  }
}
