package dev.junction.store;

import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.attachment.Peering;
import dev.junction.core.attachment.PublicAccess;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Partner;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Address;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.net.VlanId;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationVerb;
import dev.junction.core.operation.ResourceState;
import dev.junction.core.operation.ResourceType;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.Store;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds model values for store tests: a small catalogue, trunks, attachments, operations. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123456789Z");
  static final String POP = "pop-a";
  static final String ROUTER = "router-a";
  static final String PORT_1 = "0fb3747c-ec57-4999-a654-0947c84b650e";
  static final String PORT_2 = "10c84e76-3ff1-457c-a4d2-afa47485ca2a";
  static final String PORT_3 = "e51b30a9-4cfb-4c47-a3b4-d517213a9ef5";

  private Fixtures() {}

  static void loadCatalogue(Store store) {
    store.write(
        tx -> {
          tx.upsertPointOfPresence(
              new PointOfPresence(
                  POP,
                  "Pop A",
                  "Street 1",
                  List.of("MMR 1"),
                  "aaa01",
                  "Campus A",
                  List.of("Street 1", "City")));
          tx.upsertPartner(
              new Partner("partner-a", "Partner A", "https://a.example", List.of(POP), true));
          tx.upsertRouter(new Router(ROUTER, POP, "ccr-a", "10.0.0.1"));
          for (String port : List.of(PORT_1, PORT_2, PORT_3)) {
            tx.upsertPort(
                new Port(
                    port,
                    "et-" + port.substring(0, 4),
                    POP,
                    ROUTER,
                    "10G",
                    Bandwidth.gbps(10),
                    TransceiverType.BASE_10G_LR,
                    "ccr-a"));
          }
          return null;
        });
  }

  static Trunk trunk(String id, String scope, String name, Joint joint) {
    return new Trunk(
        id,
        scope,
        name,
        "a trunk",
        new Labels(Map.of("env", "test")),
        POP,
        joint,
        Bandwidth.gbps(1),
        false,
        ResourceStatus.ACTIVE,
        T0,
        1);
  }

  static Trunk trunk(String id, String scope, String name, String port) {
    return trunk(id, scope, name, new Joint.SinglePort(port, TransceiverType.BASE_10G_LR));
  }

  static Attachment attachment(String id, String scope, String name, String trunk, Integer vlan) {
    return new Attachment(
        id,
        AttachmentKind.PRIVATE,
        scope,
        name,
        "an attachment",
        new Labels(Map.of("team", "net")),
        trunk,
        vlan == null ? Optional.empty() : Optional.of(new VlanId(vlan)),
        new Peering(
            Ipv4Prefix.of("169.254.0.0/30"),
            Ipv4Address.of("169.254.0.1"),
            Ipv4Address.of("169.254.0.2"),
            Optional.of(new Asn(65001)),
            new Asn(200350),
            Optional.of(Md5Key.of("secret-key"))),
        List.of(Ipv4Prefix.of("10.1.0.0/16"), Ipv4Prefix.of("10.2.0.0/16")),
        PublicAccess.NONE,
        dev.junction.core.attachment.Routing.defaults(AttachmentKind.PRIVATE),
        ResourceStatus.CREATING,
        T0,
        1);
  }

  static Operation operation(String id, String resourceId, Instant createdAt) {
    return new Operation(
        id,
        ResourceType.PRIVATE_CONNECTION,
        resourceId,
        OperationVerb.CREATE,
        "scope-a",
        "Create private connection",
        "admin",
        createdAt,
        createdAt,
        createdAt.plusSeconds(120),
        false,
        Optional.empty(),
        Optional.empty(),
        ResourceState.NOTHING,
        1,
        false,
        Optional.empty());
  }

  /** Returns an unfinished operation that rolls back to {@code previous}. */
  static Operation operation(String id, String resourceId, ResourceState previous) {
    Operation plain = operation(id, resourceId, T0);
    return new Operation(
        plain.id(),
        plain.resourceType(),
        plain.resourceId(),
        OperationVerb.UPDATE,
        plain.scope(),
        plain.description(),
        plain.createdBy(),
        plain.createdAt(),
        plain.modifiedAt(),
        plain.deadline(),
        false,
        Optional.empty(),
        Optional.empty(),
        previous,
        1,
        false,
        Optional.empty());
  }
}
