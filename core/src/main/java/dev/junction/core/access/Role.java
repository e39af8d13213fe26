package dev.junction.core.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Returns what a principal may do in a scope. Yandex's folder roles and Cloudflare's permission
 * groups are both roles here: Cloudflare's read operations accept any of its four groups, its
 * writes only the two {@code Write} groups, and Yandex's reads need {@code viewer}, its mutations
 * {@code editor}. A role granted in one dialect's words works in the other's too: one scope has one
 * set of resources.
 */
public enum Role {
  VIEWER("viewer", false),
  EDITOR("editor", true),
  MAGIC_WAN_READ("Magic WAN Read", false),
  MAGIC_WAN_WRITE("Magic WAN Write", true),
  MAGIC_TRANSIT_READ("Magic Transit Read", false),
  MAGIC_TRANSIT_WRITE("Magic Transit Write", true);

  private final String wireName;
  private final boolean canWrite;

  Role(String wireName, boolean canWrite) {
    this.wireName = wireName;
    this.canWrite = canWrite;
  }

  /** Returns the role's name as operators write it: {@code editor}, {@code Magic WAN Read}. */
  public String wireName() {
    return wireName;
  }

  public boolean canWrite() {
    return canWrite;
  }

  /** Returns the role named {@code name}, ignoring case, spaces, dashes and underscores. */
  public static Optional<Role> named(String name) {
    String wanted = squash(name);
    return Arrays.stream(values()).filter(r -> squash(r.wireName).equals(wanted)).findFirst();
  }

  private static String squash(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
  }
}
