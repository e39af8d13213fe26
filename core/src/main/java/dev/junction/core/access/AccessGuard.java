package dev.junction.core.access;

import dev.junction.core.problem.Problem;
import dev.junction.core.problem.ProblemException;

/**
 * The access rules every use case applies, before anything else: what a caller may not read does
 * not exist for it (the same NOT_FOUND as a missing resource, without the scope's name); what it
 * may read but not change is PERMISSION_DENIED; operator actions need the operator.
 */
public final class AccessGuard {
  private AccessGuard() {}

  /** Fails with NOT_FOUND for {@code noun id} unless {@code caller} may read {@code scope}. */
  public static void read(Caller caller, String scope, String noun, String id) {
    if (!caller.access().canRead(scope)) {
      caller.trail().denied("read", noun + " " + id);
      throw ProblemException.notFound(noun, id);
    }
  }

  /**
   * Fails unless {@code caller} may change {@code scope}: NOT_FOUND for {@code noun id} if it may
   * not even read it, PERMISSION_DENIED if it may only read it.
   */
  public static void write(Caller caller, String scope, String noun, String id) {
    read(caller, scope, noun, id);
    if (!caller.access().canWrite(scope)) {
      caller.trail().denied("write", noun + " " + id);
      throw new ProblemException(
          new Problem.PermissionDenied("you may read but not change " + noun + " " + id));
    }
  }

  /** Fails unless {@code caller} may change {@code scope}, for creating something in it. */
  public static void writeInto(Caller caller, String scope) {
    write(caller, scope, "scope", scope);
  }

  /** Fails unless {@code caller} may read {@code scope}, for listing it. */
  public static void readFrom(Caller caller, String scope) {
    read(caller, scope, "scope", scope);
  }

  /** Fails with PERMISSION_DENIED unless {@code caller} is the operator. */
  public static void operator(Caller caller, String action) {
    if (!caller.access().operator()) {
      caller.trail().denied(action, "operator action");
      throw new ProblemException(
          new Problem.PermissionDenied(action + " is for the operator only"));
    }
  }
}
