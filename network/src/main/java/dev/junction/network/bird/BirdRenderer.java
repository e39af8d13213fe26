package dev.junction.network.bird;

import static java.util.Objects.requireNonNull;

import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.network.RouterHeader;
import dev.junction.core.network.SessionIntent;
import dev.junction.core.network.SubjectIntent;
import dev.junction.core.network.TrunkIntent;
import dev.junction.network.Artifact;
import dev.junction.network.Rendered;
import dev.junction.network.RouterRenderer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a router's header and its trunks and attachments to the files of a BIRD 2 router: a pure
 * function of its input and {@link BirdSettings}.
 *
 * <p>The header is the main configuration, {@code bird.conf}: router id, logging, the device and
 * kernel protocols, a static protocol originating the provider's announced prefixes (for export to
 * customers only, never into the kernel), the shared filter functions and prefix sets, and an
 * {@code include} of every attachment's file. An attachment renders to {@code sessions/<stem>.conf}
 * (its BGP protocol, the origin of the prefixes announced to it alone, its static routes) and, when
 * it rides on a trunk interface, {@code links/<stem>.link}: its VLAN sub-interface, or, for an
 * attachment without a VLAN (a CNI), its address untagged on the trunk's port. A trunk renders to
 * {@code links/<stem>.link} only. Every file starts with a {@link Stamp} naming its subject,
 * revision and the digest of all the subject's files.
 *
 * <p>Filters are written as {@code import where}/{@code export where} expressions calling the
 * header's functions: BIRD 2.0.12 parses 10,000 such sessions in about 0.1 s, while the same number
 * of inline {@code filter { ... }} blocks took it over a minute.
 */
public final class BirdRenderer implements RouterRenderer {
  /**
   * The version of the templates; it is part of every digest, so that changing the templates
   * re-applies every subject.
   */
  public static final String VERSION = "bird-1";

  /** The main configuration file, relative to the configuration directory. */
  public static final String MAIN_FILE = "bird.conf";

  /** The directory of the attachments' BIRD files. */
  public static final String SESSIONS_DIR = "sessions";

  /** The directory of the link plans. */
  public static final String LINKS_DIR = "links";

  /** The line of the header that includes every attachment's file. */
  public static final String SESSIONS_INCLUDE = "include \"" + SESSIONS_DIR + "/*.conf\";";

  /**
   * The line that marks a file the router must refuse, followed by the reason: something in the
   * intent cannot be written as BIRD configuration (an MD5 key BIRD cannot read, an unsafe
   * interface name).
   */
  public static final String REFUSAL = "# junction-refuse: ";

  /** The longest TCP MD5 key Linux takes, in bytes ({@code TCP_MD5SIG_MAXKEYLEN}). */
  public static final int MAX_MD5_BYTES = 80;

  private final BirdSettings settings;

  /** Returns a renderer that renders with {@code settings}. */
  public BirdRenderer(BirdSettings settings) {
    this.settings = requireNonNull(settings, "settings");
  }

  /** Returns the settings this renderer renders with. */
  public BirdSettings birdSettings() {
    return settings;
  }

  @Override
  public String kind() {
    return "bird";
  }

  @Override
  public Map<String, String> settings() {
    return settings.asMap();
  }

  /** Returns the rendered main configuration for {@code header} (its faults are ignored). */
  @Override
  public Rendered renderHeader(RouterHeader header) {
    requireNonNull(header, "header");
    Router router = header.router();
    StringBuilder c = new StringBuilder();
    c.append("# Router ")
        .append(comment(router.id()))
        .append(" (")
        .append(comment(router.name()))
        .append("), rendered by Junction: edits are undone.\n");
    c.append("router id ").append(router.routerIdAddress()).append(";\n");
    c.append("timeformat protocol \"%s.%3f\";\n");
    c.append(logLine()).append('\n');
    c.append('\n');
    c.append("# The provider's prefixes, announced to every customer.\n");
    c.append("define JUNCTION_ANNOUNCED = ")
        .append(set(router.announcedPrefixes(), ""))
        .append(";\n");
    c.append(
        "# The provider's prefixes and everything inside them: never taken from a customer.\n");
    c.append("define JUNCTION_PROVIDER = ")
        .append(set(router.announcedPrefixes(), "+"))
        .append(";\n");
    c.append("# Never taken from any customer.\n");
    c.append("define JUNCTION_MARTIANS = ").append(set(settings.martians(), "+")).append(";\n");
    c.append("# Taken over private connections and CNIs, never over public connections.\n");
    c.append("define JUNCTION_PRIVATE = ").append(set(settings.privateRanges(), "+")).append(";\n");
    c.append("define JUNCTION_MIN_LENGTH = ").append(settings.minPrefixLength()).append(";\n");
    c.append("define JUNCTION_MAX_LENGTH = ").append(settings.maxPrefixLength()).append(";\n");
    c.append('\n');
    c.append(
        """
        # What a customer of a private connection or a CNI may announce.
        function junction_import_private()
        {
          if net.type != NET_IP4 then return false;
          if net.len = 0 then return false;
          if net.len < JUNCTION_MIN_LENGTH || net.len > JUNCTION_MAX_LENGTH then return false;
          if net ~ JUNCTION_MARTIANS then return false;
          if net ~ JUNCTION_PROVIDER then return false;
          return true;
        }

        # What a customer of a public connection may announce: no private space either.
        function junction_import_public()
        {
          if !junction_import_private() then return false;
          if net ~ JUNCTION_PRIVATE then return false;
          return true;
        }

        # What every customer is sent: the provider's announced prefixes.
        function junction_export()
        {
          return net ~ JUNCTION_ANNOUNCED;
        }

        # What goes into the kernel: routes learned from customers and static routes through them,
        # never the blackholes that originate announced prefixes.
        function junction_to_kernel()
        {
          if source = RTS_BGP then return true;
          if source = RTS_STATIC && dest != RTD_BLACKHOLE then return true;
          return false;
        }

        protocol device junction_device {
          scan time 10;
        }

        protocol kernel junction_kernel {
          ipv4 {
            import none;
            export where junction_to_kernel();
          };
        }

        """);
    c.append("# Originates the announced prefixes for export; any real route to them wins.\n");
    c.append("protocol static junction_origin {\n");
    c.append("  ipv4 { preference 1; };\n");
    for (Ipv4Prefix prefix : router.announcedPrefixes()) {
      c.append("  route ").append(net(prefix)).append(" blackhole;\n");
    }
    c.append("}\n\n");
    c.append(SESSIONS_INCLUDE).append('\n');
    return seal(RouterHeader.SUBJECT_ID, 0, List.of(new Draft(MAIN_FILE, c.toString(), List.of())));
  }

  /** Returns the rendered files of {@code subject} on a router with {@code header}. */
  @Override
  public Rendered render(RouterHeader header, SubjectIntent subject) {
    requireNonNull(header, "header");
    requireNonNull(subject, "subject");
    return switch (subject) {
      case TrunkIntent trunk -> renderTrunk(trunk);
      case SessionIntent session -> renderSession(session);
    };
  }

  private Rendered renderTrunk(TrunkIntent trunk) {
    SubjectKey key = SubjectKey.of(trunk.trunkId());
    StringBuilder c = new StringBuilder();
    c.append("# Trunk ")
        .append(comment(trunk.trunkId()))
        .append(" (")
        .append(trunk.joint())
        .append(").\n");
    List<String> problems = new ArrayList<>();
    LinkPlan plan =
        switch (trunk.joint()) {
          case PORT -> {
            Optional<String> name = trunk.interfaceName();
            if (name.isEmpty()) {
              problems.add("the trunk's port is not in the catalogue");
              yield new LinkPlan.None();
            }
            yield safeName(name.get(), problems)
                .<LinkPlan>map(LinkPlan.Port::new)
                .orElse(new LinkPlan.None());
          }
          case LAG -> {
            List<String> members = new ArrayList<>();
            for (Port port : trunk.ports()) {
              safeName(port.kernelInterface(), problems).ifPresent(members::add);
            }
            Optional<String> name = trunk.interfaceName().flatMap(n -> safeName(n, problems));
            if (trunk.interfaceName().isEmpty()) {
              problems.add("the LAG trunk has no bond name");
            }
            yield name.<LinkPlan>map(n -> new LinkPlan.Bond(n, members))
                .orElse(new LinkPlan.None());
          }
          case PARTNER -> new LinkPlan.None();
        };
    problems.forEach(p -> c.append(REFUSAL).append(p).append('\n'));
    c.append(plan.render());
    return seal(
        trunk.trunkId(),
        trunk.revision(),
        List.of(new Draft(key.linkFile(), c.toString(), List.of())));
  }

  private Rendered renderSession(SessionIntent session) {
    SubjectKey key = SubjectKey.of(session.attachmentId());
    List<String> problems = new ArrayList<>();
    List<Draft> drafts = new ArrayList<>();

    // On a trunk's interface, an attachment with a VLAN gets a sub-interface; one without (a CNI,
    // whose customer is told no VLAN) has the provider's address untagged on the interface itself.
    // Without an interface (a partner's hand-off) there is no link to make.
    Optional<LinkPlan.Addressed> link = Optional.empty();
    if (session.parentInterface().isPresent()) {
      Optional<String> parent = safeName(session.parentInterface().get(), problems);
      Ipv4Prefix address =
          new Ipv4Prefix(session.peering().cloudIp(), session.peering().subnet().length());
      int mtu = session.routing().mtu();
      if (parent.isPresent() && session.vlan().isPresent()) {
        int vlan = session.vlan().get().value();
        link =
            Optional.of(
                new LinkPlan.SubInterface(
                    KernelNames.subInterface(parent.get(), vlan),
                    parent.get(),
                    vlan,
                    address,
                    mtu));
      } else if (parent.isPresent()) {
        link = Optional.of(new LinkPlan.Untagged(parent.get(), address, mtu));
      }
    }

    StringBuilder c = new StringBuilder();
    c.append("# Attachment ")
        .append(comment(session.attachmentId()))
        .append(" (")
        .append(session.kind())
        .append(") on trunk ")
        .append(comment(session.trunkId()))
        .append(".\n");
    List<String> secrets = new ArrayList<>();
    Optional<String> password = Optional.empty();
    if (session.peering().md5Key().isPresent()) {
      Md5Key md5 = session.peering().md5Key().get();
      Optional<String> unreadable = md5Problem(md5.reveal());
      if (unreadable.isPresent()) {
        problems.add(unreadable.get());
      } else {
        password = Optional.of(md5.reveal());
        secrets.add(md5.reveal());
      }
    }
    problems.forEach(p -> c.append(REFUSAL).append(p).append('\n'));

    if (session.hasBgp() && problems.isEmpty()) {
      c.append('\n');
      c.append("protocol bgp ").append(key.bgpProtocol()).append(" {\n");
      c.append("  description \"").append(comment(session.attachmentId())).append("\";\n");
      c.append("  local ")
          .append(session.peering().cloudIp())
          .append(" as ")
          .append(session.peering().cloudAsn())
          .append(";\n");
      c.append("  neighbor ")
          .append(session.peering().peerIp())
          .append(" as ")
          .append(session.peering().peerAsn().orElseThrow())
          .append(";\n");
      link.ifPresent(l -> c.append("  interface \"").append(l.name()).append("\";\n"));
      password.ifPresent(p -> c.append("  password \"").append(p).append("\";\n"));
      c.append("  connect delay time ").append(settings.connectDelay().getSeconds()).append(";\n");
      c.append("  connect retry time ").append(settings.connectRetry().getSeconds()).append(";\n");
      c.append("  error wait time ")
          .append(settings.errorWait().getSeconds())
          .append(", ")
          .append(settings.errorWait().getSeconds() * 5)
          .append(";\n");
      c.append("  hold time ").append(settings.holdTime().getSeconds()).append(";\n");
      c.append("  ipv4 {\n");
      if (session.routing().acceptsRoutes()) {
        c.append("    import limit ")
            .append(settings.importLimit(session.kind()))
            .append(" action restart;\n");
        c.append("    import where ").append(importExpression(session)).append(";\n");
      } else {
        c.append("    import none;\n");
      }
      c.append("    export where junction_export()");
      if (!session.routing().advertisedPrefixes().isEmpty()) {
        c.append(" || net ~ ").append(set(session.routing().advertisedPrefixes(), ""));
      }
      c.append(";\n");
      c.append("  };\n");
      c.append("}\n");
      if (!session.routing().advertisedPrefixes().isEmpty()) {
        c.append('\n');
        c.append("# Originates the prefixes announced to this customer alone.\n");
        c.append("protocol static ").append(key.originProtocol()).append(" {\n");
        c.append("  ipv4 { preference 1; };\n");
        for (Ipv4Prefix prefix : session.routing().advertisedPrefixes()) {
          c.append("  route ").append(net(prefix)).append(" blackhole;\n");
        }
        c.append("}\n");
      }
    }
    if (!session.staticRoutes().isEmpty() && problems.isEmpty()) {
      c.append('\n');
      c.append("protocol static ").append(key.staticProtocol()).append(" {\n");
      c.append("  ipv4;\n");
      for (Ipv4Prefix prefix : session.staticRoutes()) {
        c.append("  route ")
            .append(net(prefix))
            .append(" via ")
            .append(session.peering().peerIp())
            .append(";\n");
      }
      c.append("}\n");
    }
    drafts.add(new Draft(key.sessionFile(), c.toString(), secrets));
    link.ifPresent(
        l ->
            drafts.add(
                new Draft(
                    key.linkFile(),
                    (l instanceof LinkPlan.Untagged
                            ? "# Untagged address on the port of attachment "
                            : "# Sub-interface of attachment ")
                        + comment(session.attachmentId())
                        + ".\n"
                        + l.render(),
                    List.of())));
    return seal(session.attachmentId(), session.revision(), drafts);
  }

  private String importExpression(SessionIntent session) {
    if (session.kind() != AttachmentKind.PUBLIC) {
      return "junction_import_private()";
    }
    if (session.acceptedPrefixes().isEmpty()) {
      return "junction_import_public()";
    }
    return "junction_import_public() && net ~ " + set(session.acceptedPrefixes(), "+");
  }

  private String logLine() {
    return switch (settings.log()) {
      case "syslog" -> "log syslog all;";
      case "stderr" -> "log stderr all;";
      default -> "log \"" + settings.log() + "\" all;";
    };
  }

  /**
   * Returns why BIRD cannot be given {@code key}, or empty if it can: BIRD 2.0 strings have no
   * escapes, so a double quote or a line break cannot be written, and Linux takes at most 80 bytes.
   */
  static Optional<String> md5Problem(String key) {
    if (key.chars().anyMatch(ch -> ch == '"' || ch < ' ' || ch == 0x7f)) {
      return Optional.of(
          "the MD5 key holds a double quote or a control character, which BIRD 2.0 cannot read");
    }
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_MD5_BYTES) {
      return Optional.of(
          "the MD5 key is "
              + bytes
              + " bytes long; Linux takes at most "
              + MAX_MD5_BYTES
              + " (TCP_MD5SIG_MAXKEYLEN)");
    }
    return Optional.empty();
  }

  private static Optional<String> safeName(String name, List<String> problems) {
    if (KernelNames.isSafe(name)) {
      return Optional.of(name);
    }
    problems.add(
        "interface name " + comment(name) + " is not 1-15 letters, digits, '.', '_' or '-'");
    return Optional.empty();
  }

  /** Returns {@code text} fit for a comment or a BIRD string: no quotes, no line breaks. */
  private static String comment(String text) {
    StringBuilder safe = new StringBuilder();
    for (char ch : text.toCharArray()) {
      safe.append(ch == '"' || ch < ' ' || ch == 0x7f ? '?' : ch);
    }
    return safe.toString();
  }

  private static String net(Ipv4Prefix prefix) {
    return prefix.network() + "/" + prefix.length();
  }

  private static String set(List<Ipv4Prefix> prefixes, String suffix) {
    if (prefixes.isEmpty()) {
      return "[ ]";
    }
    StringBuilder text = new StringBuilder("[ ");
    for (int i = 0; i < prefixes.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(net(prefixes.get(i))).append(suffix);
    }
    return text.append(" ]").toString();
  }

  /** One file before it is stamped. */
  private record Draft(String name, String body, List<String> secrets) {}

  /**
   * Returns the subject's files, each stamped, and their digest: SHA-256 over the renderer version
   * and, in order of name, each file's name, length and body.
   */
  private static Rendered seal(String subjectId, long revision, List<Draft> drafts) {
    List<Draft> sorted = drafts.stream().sorted(Comparator.comparing(Draft::name)).toList();
    String hash = digest(VERSION, sorted.stream().map(d -> new Body(d.name(), d.body())).toList());
    Stamp stamp = new Stamp(subjectId, revision, VERSION, hash);
    List<Artifact> artifacts = new ArrayList<>();
    for (Draft draft : sorted) {
      artifacts.add(
          new Artifact(draft.name(), stamp.line() + "\n" + draft.body(), draft.secrets()));
    }
    return new Rendered(subjectId, revision, hash, artifacts);
  }

  /** One file of a subject as the digest covers it: its name and its text without the stamp. */
  record Body(String name, String text) {
    Body {
      requireNonNull(name, "name");
      requireNonNull(text, "text");
    }
  }

  /**
   * Returns the digest of {@code files}, in order of name, rendered by renderer {@code version}.
   */
  static String digest(String version, List<Body> files) {
    MessageDigest sha = Sha256.digest();
    sha.update(version.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    for (Body file : files) {
      byte[] name = file.name().getBytes(StandardCharsets.UTF_8);
      byte[] body = file.text().getBytes(StandardCharsets.UTF_8);
      sha.update(name);
      sha.update((byte) 0);
      sha.update(Long.toString(body.length).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(body);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
