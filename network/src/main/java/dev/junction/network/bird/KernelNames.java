package dev.junction.network.bird;

import java.util.regex.Pattern;

/** Returns the Linux interface names the driver makes, and tells which names it accepts. */
final class KernelNames {
  /** The longest Linux interface name. */
  static final int MAX = 15;

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,14}");

  private KernelNames() {}

  /**
   * Returns whether {@code name} is an interface name the driver writes into commands and BIRD
   * configuration as is: 1-15 letters, digits, {@code .}, {@code _} or {@code -}, not starting with
   * {@code -} or {@code .}.
   */
  static boolean isSafe(String name) {
    return SAFE.matcher(name).matches();
  }

  /**
   * Returns the name of VLAN {@code vlan}'s sub-interface on {@code parent}: {@code
   * <parent>.<vlan>} when that is a safe name of at most 15 characters; otherwise as much of the
   * parent's name as fits, four hex digits of the parent name's SHA-256, a dot and the VLAN ({@code
   * enp129a3f1.4000}).
   */
  static String subInterface(String parent, int vlan) {
    String plain = parent + "." + vlan;
    if (plain.length() <= MAX && isSafe(parent)) {
      return plain;
    }
    String suffix = "." + vlan;
    int room = MAX - suffix.length() - 4;
    StringBuilder head = new StringBuilder();
    for (char c : parent.toCharArray()) {
      if (head.length() < room && isPlain(c)) {
        head.append(c);
      }
    }
    if (head.isEmpty()) {
      head.append('v');
    }
    return head + Sha256.hex(parent).substring(0, 4) + suffix;
  }

  private static boolean isPlain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
