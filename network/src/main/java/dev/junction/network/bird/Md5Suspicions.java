package dev.junction.network.bird;

import dev.junction.core.network.BgpObservation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The sessions suspected of an MD5 key mismatch, by subject: BIRD names no error, but the
 * namespace's TCP MD5 counters rose since they were last read. Not thread-safe: the driver calls it
 * under its own lock.
 */
final class Md5Suspicions {
  // Logs as the driver, so that one logger configures everything the driver does.
  private static final System.Logger LOG = System.getLogger(BirdDriver.class.getName());

  private final Iproute kernel;
  private final Map<String, String> reasons = new HashMap<>();
  private @Nullable Md5Counters baseline;

  Md5Suspicions(Iproute kernel) {
    this.kernel = kernel;
  }

  /** Returns why the subject's session is suspected, or an empty string if it is not. */
  String reason(String subjectId) {
    return reasons.getOrDefault(subjectId, "");
  }

  /** Clears the suspicion of the subject's session, changed or established. */
  void clear(String subjectId) {
    reasons.remove(subjectId);
  }

  /**
   * Reads the namespace's TCP MD5 counters when a session is stuck without an error BIRD can name,
   * and blames a key mismatch on each such session while the counters rise.
   */
  void note(List<AppliedSubject> subjects, Map<String, ProtocolStatus> protocols) {
    List<AppliedSubject> stuck = new ArrayList<>();
    for (AppliedSubject subject : subjects) {
      Optional<String> name = subject.bgpProtocol();
      ProtocolStatus status = name.map(protocols::get).orElse(null);
      if (status != null
          && status.running()
          && !BgpObservation.ESTABLISHED.equals(status.bgpState())
          && status.lastError().isEmpty()) {
        stuck.add(subject);
      }
    }
    if (stuck.isEmpty()) {
      return;
    }
    Md5Counters now;
    try {
      now = Md5Counters.parse(kernel.netstat());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot read the TCP MD5 counters", e);
      return;
    }
    Md5Counters before = baseline == null ? now : baseline;
    baseline = now;
    Md5Counters rose = now.since(before);
    if (rose.isZero()) {
      return;
    }
    for (AppliedSubject subject : stuck) {
      boolean keyed = !subject.secrets().isEmpty();
      String reason = null;
      if (keyed && rose.failure() > 0) {
        reason =
            "no BGP session yet, and the kernel dropped "
                + rose.failure()
                + " TCP segments with a wrong MD5 signature (TcpExtTCPMD5Failure rose in the"
                + " router's namespace): the MD5 keys at the two ends probably differ";
      } else if (keyed && rose.notFound() > 0) {
        reason =
            "no BGP session yet, and the kernel dropped "
                + rose.notFound()
                + " TCP segments without an MD5 signature (TcpExtTCPMD5NotFound rose in the"
                + " router's namespace): the peer probably has no MD5 key set";
      } else if (!keyed && rose.unexpected() > 0) {
        reason =
            "no BGP session yet, and the kernel dropped "
                + rose.unexpected()
                + " TCP segments signed with MD5 (TcpExtTCPMD5Unexpected rose in the router's"
                + " namespace): the peer probably sets an MD5 key this session does not have";
      }
      if (reason != null) {
        reasons.put(subject.subjectId(), reason);
      }
    }
  }
}
