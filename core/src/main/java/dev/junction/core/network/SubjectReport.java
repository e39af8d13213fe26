package dev.junction.core.network;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What an agent reports about one trunk or attachment: what it applied or refused, and what it
 * observes of its link and BGP session.
 *
 * @param appliedRevision the revision the router now runs (for a subject being deleted: the
 *     revision whose removal it applied); 0 if unchanged since the last report
 * @param appliedHash the digest of the rendered configuration the router runs for the subject
 * @param refusedRevision the revision the router refused, 0 if none
 * @param refusal why the router refused it
 * @param link the link as observed now, if observed in this report
 * @param bgp the BGP session as observed now, if the subject has one and it was observed
 */
public record SubjectReport(
    String subjectId,
    long appliedRevision,
    String appliedHash,
    long refusedRevision,
    String refusal,
    Optional<LinkObservation> link,
    Optional<BgpObservation> bgp) {
  public SubjectReport {
    requireNonNull(subjectId, "subjectId");
    requireNonNull(appliedHash, "appliedHash");
    requireNonNull(refusal, "refusal");
    requireNonNull(link, "link");
    requireNonNull(bgp, "bgp");
  }

  /** Returns a report that {@code revision} runs, with digest {@code hash}. */
  public static SubjectReport applied(String subjectId, long revision, String hash) {
    return new SubjectReport(subjectId, revision, hash, 0, "", Optional.empty(), Optional.empty());
  }

  /** Returns a report that {@code revision} was refused for {@code reason}. */
  public static SubjectReport refused(String subjectId, long revision, String reason) {
    return new SubjectReport(
        subjectId, 0, "", revision, reason, Optional.empty(), Optional.empty());
  }

  /** Returns a report of what is observed of a subject, with nothing applied. */
  public static SubjectReport observed(
      String subjectId, Optional<LinkObservation> link, Optional<BgpObservation> bgp) {
    return new SubjectReport(subjectId, 0, "", 0, "", link, bgp);
  }
}
