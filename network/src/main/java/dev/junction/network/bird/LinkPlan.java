package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import dev.junction.core.net.Ipv4Prefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one subject needs of the router's kernel links: a VLAN sub-interface for an attachment, the
 * provider's address untagged on its trunk's port (a CNI), a bond for a LAG trunk, an existing port
 * for a single-port trunk, or nothing. A plan is written to the subject's {@code links/<stem>.link}
 * file as {@code key value} lines and read back from it.
 */
public sealed interface LinkPlan {

  /** Returns the plan as the lines of its file, each ended by a line break. */
  String render();

  /** Returns the interface the plan makes or needs, or empty if none. */
  Optional<String> interfaceName();

  /**
   * An attachment's plan: the provider's address and an MTU on one interface, which the BGP session
   * uses. The interface is a sub-interface the plan makes ({@link SubInterface}) or the trunk's own
   * port ({@link Untagged}).
   */
  sealed interface Addressed extends LinkPlan permits SubInterface, Untagged {
    /** Returns the provider's address with the length of the peering subnet. */
    Ipv4Prefix address();

    /** Returns the MTU the interface is given. */
    int mtu();

    /** Returns the interface the address sits on. */
    default String name() {
      return interfaceName().orElseThrow();
    }
  }

  /**
   * An attachment's sub-interface: VLAN {@code vlan} on {@code parent}, with the provider's address
   * and an MTU.
   *
   * @param address the provider's address with the length of the peering subnet ({@code
   *     169.254.10.2/30})
   */
  record SubInterface(String name, String parent, int vlan, Ipv4Prefix address, int mtu)
      implements Addressed {
    public SubInterface {
      requireSafeName("name", name);
      requireSafeName("parent", parent);
      requireNonNull(address, "address");
      if (vlan < 1 || vlan > 4094) {
        throw new IllegalArgumentException("vlan: " + vlan + " (expected: 1-4094)");
      }
      requireMtu(mtu);
    }

    @Override
    public String render() {
      return "kind subinterface\nname "
          + name
          + "\nparent "
          + parent
          + "\nvlan "
          + vlan
          + "\naddress "
          + address
          + "\nmtu "
          + mtu
          + "\n";
    }

    @Override
    public Optional<String> interfaceName() {
      return Optional.of(name);
    }
  }

  /**
   * An attachment untagged on its trunk's port (a Cloudflare CNI, whose customer is told no VLAN):
   * the provider's address and the attachment's MTU on {@code parent} itself. No link is made, and
   * removing the plan removes the address only, never the port.
   *
   * @param parent the trunk's kernel interface (a port, or a LAG trunk's bond)
   * @param address the provider's address with the length of the peering subnet ({@code
   *     192.168.3.5/31})
   */
  record Untagged(String parent, Ipv4Prefix address, int mtu) implements Addressed {
    public Untagged {
      requireSafeName("parent", parent);
      requireNonNull(address, "address");
      requireMtu(mtu);
    }

    @Override
    public String render() {
      return "kind untagged\nparent " + parent + "\naddress " + address + "\nmtu " + mtu + "\n";
    }

    @Override
    public Optional<String> interfaceName() {
      return Optional.of(parent);
    }
  }

  /** A LAG trunk's bond over the kernel interfaces of its ports. */
  record Bond(String name, List<String> members) implements LinkPlan {
    public Bond {
      requireSafeName("name", name);
      members = List.copyOf(members);
      members.forEach(member -> requireSafeName("member", member));
    }

    @Override
    public String render() {
      StringBuilder text = new StringBuilder("kind bond\nname ").append(name).append('\n');
      members.forEach(member -> text.append("member ").append(member).append('\n'));
      return text.toString();
    }

    @Override
    public Optional<String> interfaceName() {
      return Optional.of(name);
    }
  }

  /** A single-port trunk: the port's kernel interface, which must exist on the router. */
  record Port(String name) implements LinkPlan {
    public Port {
      requireSafeName("name", name);
    }

    @Override
    public String render() {
      return "kind port\nname " + name + "\n";
    }

    @Override
    public Optional<String> interfaceName() {
      return Optional.of(name);
    }
  }

  /** Nothing to make: a partner's hand-off. */
  record None() implements LinkPlan {
    @Override
    public String render() {
      return "kind none\n";
    }

    @Override
    public Optional<String> interfaceName() {
      return Optional.empty();
    }
  }

  /**
   * Returns the plan written as {@code text} (the body of a link file).
   *
   * @throws IllegalArgumentException if the text is not a plan
   */
  static LinkPlan parse(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> members = new ArrayList<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int space = trimmed.indexOf(' ');
      String key = space < 0 ? trimmed : trimmed.substring(0, space);
      String value = space < 0 ? "" : trimmed.substring(space + 1).strip();
      if (key.equals("member")) {
        members.add(value);
      } else {
        fields.put(key, value);
      }
    }
    String kind = fields.getOrDefault("kind", "");
    return switch (kind) {
      case "subinterface" ->
          new SubInterface(
              field(fields, "name"),
              field(fields, "parent"),
              Integer.parseInt(field(fields, "vlan")),
              address(fields),
              Integer.parseInt(field(fields, "mtu")));
      case "untagged" ->
          new Untagged(
              field(fields, "parent"), address(fields), Integer.parseInt(field(fields, "mtu")));
      case "bond" -> new Bond(field(fields, "name"), members);
      case "port" -> new Port(field(fields, "name"));
      case "none" -> new None();
      default ->
          throw new IllegalArgumentException(
              "kind: " + kind + " (expected: subinterface, untagged, bond, port or none)");
    };
  }

  private static void requireMtu(int mtu) {
    if (mtu < 68 || mtu > 65535) {
      throw new IllegalArgumentException("mtu: " + mtu + " (expected: 68-65535)");
    }
  }

  private static Ipv4Prefix address(Map<String, String> fields) {
    return Ipv4Prefix.parse(field(fields, "address"))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "address: " + fields.get("address") + " (expected: a.b.c.d/n)"));
  }

  private static void requireSafeName(String what, String name) {
    requireNonNull(name, what);
    if (!KernelNames.isSafe(name)) {
      throw new IllegalArgumentException(
          what
              + ": "
              + name
              + " (expected: 1-15 letters, digits, '.', '_' or '-', not starting with '.' or '-')");
    }
  }

  private static String field(Map<String, String> fields, String key) {
    String value = fields.get(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(key + ": missing (expected: a '" + key + " ...' line)");
    }
    return value;
  }
}
