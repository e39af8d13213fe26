package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.network.SessionIntent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The customers' side of a test router: one BIRD in its own namespace that the test configures as
 * customers would, one file per session ({@code sessions/<stem>.conf}) and one macvlan per session
 * on its end of the veth (or, for an untagged session, its address on the veth end itself), then
 * {@code configure}.
 */
final class CustomerBird {
  private static final Pattern PREFIX = Pattern.compile("^(\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+)\\s");

  private final NetnsLab lab;
  private final String namespace;
  private final String trunk;
  private final Path home;
  private final BirdControl control;

  private CustomerBird(NetnsLab lab, String namespace, String trunk, Path home, Path socket) {
    this.lab = lab;
    this.namespace = namespace;
    this.trunk = trunk;
    this.home = home;
    this.control = new BirdControl(socket, Duration.ofSeconds(10));
  }

  /** Starts the customers' BIRD in {@code namespace}, whose end of the veth is {@code trunk}. */
  static CustomerBird start(NetnsLab lab, String namespace, String trunk, Path home)
      throws IOException {
    Files.createDirectories(home.resolve("sessions"));
    Path config = home.resolve("bird.conf");
    Files.writeString(
        config,
        "router id 10.255.255.2;\n"
            + "timeformat protocol \"%s.%3f\";\n"
            + "log \""
            + home.resolve("bird.log")
            + "\" all;\n"
            + "protocol device { scan time 1; }\n"
            + "include \"sessions/*.conf\";\n");
    Path socket = lab.startBird(namespace, config, home);
    return new CustomerBird(lab, namespace, trunk, home, socket);
  }

  /** Returns the control socket client of the customers' BIRD. */
  BirdControl control() {
    return control;
  }

  /** Returns the name of the customer's BGP protocol for {@code session}. */
  static String protocol(SessionIntent session) {
    return "peer_" + SubjectKey.of(session.attachmentId()).stem();
  }

  /**
   * Configures the customer's end of {@code session}: its sub-interface (made once), or its address
   * on the veth end for a session without a VLAN, and a BGP session with key {@code md5Key} (none
   * if empty) announcing {@code announced}; replaces what was there.
   */
  void configure(SessionIntent session, Optional<String> md5Key, List<Ipv4Prefix> announced)
      throws IOException {
    requireNonNull(md5Key, "md5Key");
    String stem = SubjectKey.of(session.attachmentId()).stem();
    Optional<String> sub = Optional.empty();
    String address =
        new Ipv4Prefix(session.peering().peerIp(), session.peering().subnet().length()).toString();
    if (session.parentInterface().isPresent() && session.vlan().isEmpty()) {
      // Untagged (a CNI): the customer's address sits on its end of the veth itself.
      sub = Optional.of(trunk);
      if (!lab.ip(namespace, "-o", "address", "show", "dev", trunk).contains(" " + address + " ")) {
        lab.ip(namespace, "address", "add", address, "dev", trunk);
      }
    } else if (session.parentInterface().isPresent()) {
      String name = KernelNames.subInterface(trunk, session.vlan().get().value());
      sub = Optional.of(name);
      if (!lab.ip(namespace, "-o", "link", "show").contains(" " + name + "@")) {
        lab.ip(
            namespace, "link", "add", "link", trunk, "name", name, "type", "macvlan", "mode",
            "bridge");
        lab.ip(
            namespace,
            "link",
            "set",
            "dev",
            name,
            "mtu",
            Integer.toString(session.routing().mtu()));
        lab.ip(namespace, "address", "add", address, "dev", name);
        lab.ip(namespace, "link", "set", "dev", name, "up");
      }
    }
    StringBuilder c = new StringBuilder();
    if (!announced.isEmpty()) {
      c.append("protocol static cust_").append(stem).append(" {\n  ipv4;\n");
      for (Ipv4Prefix prefix : announced) {
        c.append("  route ").append(prefix).append(" blackhole;\n");
      }
      c.append("}\n");
    }
    c.append("protocol bgp ").append(protocol(session)).append(" {\n");
    c.append("  local ")
        .append(session.peering().peerIp())
        .append(" as ")
        .append(session.peering().peerAsn().orElseThrow())
        .append(";\n");
    c.append("  neighbor ")
        .append(session.peering().cloudIp())
        .append(" as ")
        .append(session.peering().cloudAsn())
        .append(";\n");
    sub.ifPresent(name -> c.append("  interface \"").append(name).append("\";\n"));
    md5Key.ifPresent(key -> c.append("  password \"").append(key).append("\";\n"));
    c.append(
        "  connect delay time 1;\n  connect retry time 2;\n  error wait time 1, 5;\n  hold time 6;\n");
    c.append("  ipv4 { import all; export where proto = \"cust_").append(stem).append("\"; };\n");
    c.append("}\n");
    Files.writeString(home.resolve("sessions").resolve(stem + ".conf"), c.toString());
    reconfigure();
  }

  /** Removes the customer's end of {@code session} (its BGP session; the link stays). */
  void remove(SessionIntent session) throws IOException {
    String stem = SubjectKey.of(session.attachmentId()).stem();
    Files.deleteIfExists(home.resolve("sessions").resolve(stem + ".conf"));
    reconfigure();
  }

  /** Returns the prefixes the customer received over {@code session}. */
  Set<Ipv4Prefix> received(SessionIntent session) throws IOException {
    BirdReply reply = control.send("show route protocol " + protocol(session));
    Set<Ipv4Prefix> prefixes = new LinkedHashSet<>();
    if (reply.isError()) {
      return prefixes;
    }
    for (BirdReply.Line line : reply.lines()) {
      Matcher m = PREFIX.matcher(line.text().strip() + " ");
      if (m.find()) {
        prefixes.add(Ipv4Prefix.of(m.group(1)));
      }
    }
    return prefixes;
  }

  private void reconfigure() throws IOException {
    BirdReply reply = control.send("configure");
    if (reply.isError()) {
      throw new IOException("the customers' BIRD refused its configuration: " + reply.text());
    }
  }

  void close() {
    control.close();
  }
}
