package dev.junction.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The {@code junction admin} commands about who may do what: tenants, principals, grants, tokens,
 * global keys, the audit log, the secrets key ring, and the catalogue.
 */
final class AccessCommands {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AccessCommands() {}

  private static String query(String... pairs) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null && !pairs[i + 1].isEmpty()) {
        parts.add(pairs[i] + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
      }
    }
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }

  @Command(name = "tenants", mixinStandardHelpOptions = true, description = "Tenants and scopes.")
  static final class Tenants {
    @ParentCommand AdminCommand admin;

    @Command(name = "create", description = "Creates a tenant and prints its id.")
    int create(@Parameters(paramLabel = "NAME") String name) {
      return admin.send("POST", "/admin/v1/tenants", JSON.createObjectNode().put("name", name));
    }

    @Command(name = "list", description = "Lists the tenants and their scopes.")
    int list() {
      return admin.send("GET", "/admin/v1/tenants", null);
    }

    @Command(
        name = "add-scope",
        description = "Gives a scope (a Yandex folder id or a Cloudflare account id) to a tenant.")
    int addScope(
        @Parameters(index = "0", paramLabel = "TENANT_ID") String tenant,
        @Parameters(index = "1", paramLabel = "SCOPE") String scope) {
      return admin.send(
          "POST",
          "/admin/v1/tenants/" + tenant + "/scopes",
          JSON.createObjectNode().put("scope", scope));
    }
  }

  @Command(
      name = "principals",
      mixinStandardHelpOptions = true,
      description = "Users and service accounts.")
  static final class Principals {
    @ParentCommand AdminCommand admin;

    @Command(name = "create", description = "Creates a user or service account in a tenant.")
    int create(
        @Option(names = "--tenant", required = true) String tenant,
        @Option(names = "--name", required = true) String name,
        @Option(names = "--kind", defaultValue = "user", description = "user or service_account")
            String kind,
        @Option(names = "--email", description = "For X-Auth-Email with a global key.")
            String email,
        @Option(names = "--operator", description = "An operator of the provider's own tenant.")
            boolean operator) {
      ObjectNode body =
          JSON.createObjectNode()
              .put("tenantId", tenant)
              .put("name", name)
              .put("kind", kind)
              .put("operator", operator);
      if (email != null) {
        body.put("email", email);
      }
      return admin.send("POST", "/admin/v1/principals", body);
    }

    @Command(name = "list", description = "Lists principals and their grants.")
    int list(@Option(names = "--tenant") String tenant) {
      return admin.send("GET", "/admin/v1/principals" + query("tenantId", tenant), null);
    }
  }

  @Command(name = "grants", mixinStandardHelpOptions = true, description = "Roles in scopes.")
  static final class Grants {
    @ParentCommand AdminCommand admin;

    @Command(
        name = "add",
        description =
            "Gives a role in a scope: viewer, editor, or a Cloudflare permission group such as"
                + " \"Magic WAN Write\".")
    int add(
        @Parameters(paramLabel = "PRINCIPAL_ID") String principal,
        @Option(names = "--scope", required = true) String scope,
        @Option(names = "--role", required = true) String role) {
      return admin.send(
          "POST",
          "/admin/v1/principals/" + principal + "/grants",
          JSON.createObjectNode().put("scope", scope).put("role", role));
    }

    @Command(name = "revoke", description = "Takes a role in a scope away.")
    int revoke(
        @Parameters(paramLabel = "PRINCIPAL_ID") String principal,
        @Option(names = "--scope", required = true) String scope,
        @Option(names = "--role", required = true) String role) {
      return admin.send(
          "POST",
          "/admin/v1/principals/" + principal + "/grants:revoke",
          JSON.createObjectNode().put("scope", scope).put("role", role));
    }
  }

  @Command(name = "tokens", mixinStandardHelpOptions = true, description = "API tokens.")
  static final class Tokens {
    @ParentCommand AdminCommand admin;

    @Command(
        name = "create",
        description = "Creates a token and prints its secret, which is shown only this once.")
    int create(
        @Parameters(paramLabel = "PRINCIPAL_ID") String principal,
        @Option(names = "--name", required = true) String name,
        @Option(names = "--ttl", description = "How long it is valid, e.g. 90d; default: forever.")
            String ttl) {
      ObjectNode body = JSON.createObjectNode().put("principalId", principal).put("name", name);
      if (ttl != null) {
        body.put("ttl", ttl);
      }
      return admin.send("POST", "/admin/v1/tokens", body);
    }

    @Command(name = "list", description = "Lists tokens (never their secrets).")
    int list(@Option(names = "--principal") String principal) {
      return admin.send("GET", "/admin/v1/tokens" + query("principalId", principal), null);
    }

    @Command(
        name = "revoke",
        description = "Revokes a token: refused at once here, within 1 s on every replica.")
    int revoke(@Parameters(paramLabel = "TOKEN_ID") String id) {
      return admin.send("POST", "/admin/v1/tokens/" + id + ":revoke", null);
    }
  }

  @Command(
      name = "global-keys",
      mixinStandardHelpOptions = true,
      description = "Global keys, for X-Auth-Email + X-Auth-Key.")
  static final class GlobalKeys {
    @ParentCommand AdminCommand admin;

    @Command(
        name = "create",
        description =
            "Makes a new global key for a principal with an email, replacing its old one.")
    int create(@Parameters(paramLabel = "PRINCIPAL_ID") String principal) {
      return admin.send("POST", "/admin/v1/principals/" + principal + "/globalKey", null);
    }
  }

  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = "Reads the audit log, newest first.")
  static final class AuditLog implements Callable<Integer> {
    @ParentCommand AdminCommand admin;

    @Option(names = "--principal")
    String principal;

    @Option(names = "--tenant")
    String tenant;

    @Option(names = "--since", description = "An RFC 3339 time, e.g. 2026-01-31T00:00:00Z.")
    String since;

    @Option(names = "--page-size")
    String pageSize;

    @Option(names = "--page-token")
    String pageToken;

    @Override
    public Integer call() {
      return admin.send(
          "GET",
          "/admin/v1/audit"
              + query(
                  "principal", principal,
                  "tenant", tenant,
                  "since", since,
                  "pageSize", pageSize,
                  "pageToken", pageToken),
          null);
    }
  }

  @Command(
      name = "secrets",
      mixinStandardHelpOptions = true,
      description = "The key ring that encrypts secrets at rest.")
  static final class SecretKeys {
    @ParentCommand AdminCommand admin;

    @Command(
        name = "rewrap",
        description = "Seals every stored secret again with the current key (after a rotation).")
    int rewrap() {
      return admin.send("POST", "/admin/v1/secrets:rewrap", null);
    }
  }

  @Command(
      name = "pools",
      mixinStandardHelpOptions = true,
      description = "The address pool CNIs take their point-to-point /31 from.")
  static final class Pools {
    @ParentCommand AdminCommand admin;

    @Command(name = "show", description = "Shows the CNI pool.")
    int show() {
      return admin.send("GET", "/admin/v1/pools/cni", null);
    }

    @Command(
        name = "set",
        description = "Makes a prefix the CNI pool; CNIs that hold a subnet keep it.")
    int set(@Parameters(paramLabel = "PREFIX") String prefix) {
      return admin.send(
          "PUT", "/admin/v1/pools/cni", JSON.createObjectNode().put("prefix", prefix));
    }
  }

  @Command(
      name = "catalogue",
      mixinStandardHelpOptions = true,
      description = "The catalogue of points of presence, partners, routers and ports.")
  static final class CatalogueFile {
    @ParentCommand AdminCommand admin;

    @Command(
        name = "load",
        description =
            "Adds or replaces catalogue items from a YAML or JSON file shaped like the"
                + " configuration's catalogue section.")
    int load(@Parameters(paramLabel = "FILE") Path file) {
      JsonNode body;
      try {
        body = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      } catch (IOException e) {
        System.err.println("junction admin: cannot read " + file + ": " + e.getMessage());
        return 1;
      }
      if (body != null && body.has("catalogue")) {
        body = body.get("catalogue");
      }
      return admin.send("PUT", "/admin/v1/catalogue", body);
    }
  }
}
