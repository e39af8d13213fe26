package dev.junction.server;

/** Returns the version of Junction this process runs, as its jar says, or {@code dev}. */
public final class Version {
  private Version() {}

  /** Returns the version, or {@code dev} when not run from a built jar. */
  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
