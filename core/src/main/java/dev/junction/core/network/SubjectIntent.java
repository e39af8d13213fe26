package dev.junction.core.network;

/**
 * What one router should run for one trunk or attachment: its subject, at a revision. A subject
 * that is not {@link #present()} is being deleted, and the router removes it and reports that it
 * has.
 */
public sealed interface SubjectIntent permits TrunkIntent, SessionIntent {

  /** Returns the id of the trunk or attachment. */
  String subjectId();

  /** Returns the revision of the subject this intent is for. */
  long revision();

  /** Returns false while the subject is being deleted: the router should remove it. */
  boolean present();
}
