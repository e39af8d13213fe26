package dev.junction.api.yandex;

import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import dev.junction.api.yandex.cic.v1.Partner;
import dev.junction.api.yandex.cic.v1.Peering;
import dev.junction.api.yandex.cic.v1.PointOfPresence;
import dev.junction.api.yandex.cic.v1.PrivateConnection;
import dev.junction.api.yandex.cic.v1.PublicConnection;
import dev.junction.api.yandex.cic.v1.TrunkConnection;
import dev.junction.api.yandex.cic.v1.TrunkConnectionTicket;
import dev.junction.api.yandex.cic.v1.TrunkConnectionTicketSpec;
import dev.junction.api.yandex.cic.v1.common.LagAllocationSettings;
import dev.junction.api.yandex.cic.v1.common.LagInfo;
import dev.junction.api.yandex.cic.v1.common.TransceiverType;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.Md5Key;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.Port;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.ticket.Ticket;
import dev.junction.core.ticket.TicketStatus;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Writes core resources as Yandex wire messages, and reads the wire's enums back. */
final class Wire {
  private Wire() {}

  private static final Map<Long, TrunkConnection.Capacity> CAPACITIES =
      Map.ofEntries(
          Map.entry(50L, TrunkConnection.Capacity.CAPACITY_50_MBPS),
          Map.entry(100L, TrunkConnection.Capacity.CAPACITY_100_MBPS),
          Map.entry(200L, TrunkConnection.Capacity.CAPACITY_200_MBPS),
          Map.entry(300L, TrunkConnection.Capacity.CAPACITY_300_MBPS),
          Map.entry(400L, TrunkConnection.Capacity.CAPACITY_400_MBPS),
          Map.entry(500L, TrunkConnection.Capacity.CAPACITY_500_MBPS),
          Map.entry(1_000L, TrunkConnection.Capacity.CAPACITY_1_GBPS),
          Map.entry(2_000L, TrunkConnection.Capacity.CAPACITY_2_GBPS),
          Map.entry(3_000L, TrunkConnection.Capacity.CAPACITY_3_GBPS),
          Map.entry(4_000L, TrunkConnection.Capacity.CAPACITY_4_GBPS),
          Map.entry(5_000L, TrunkConnection.Capacity.CAPACITY_5_GBPS),
          Map.entry(10_000L, TrunkConnection.Capacity.CAPACITY_10_GBPS),
          Map.entry(20_000L, TrunkConnection.Capacity.CAPACITY_20_GBPS),
          Map.entry(30_000L, TrunkConnection.Capacity.CAPACITY_30_GBPS),
          Map.entry(40_000L, TrunkConnection.Capacity.CAPACITY_40_GBPS),
          Map.entry(50_000L, TrunkConnection.Capacity.CAPACITY_50_GBPS),
          Map.entry(100_000L, TrunkConnection.Capacity.CAPACITY_100_GBPS),
          Map.entry(200_000L, TrunkConnection.Capacity.CAPACITY_200_GBPS));

  private static final Map<TrunkConnection.Capacity, Long> MBPS =
      CAPACITIES.entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  static TrunkConnection.Capacity capacity(Bandwidth bandwidth) {
    return CAPACITIES.getOrDefault(bandwidth.mbps(), TrunkConnection.Capacity.CAPACITY_UNSPECIFIED);
  }

  /** Returns the bandwidth of a capacity value, empty for UNSPECIFIED or an unknown number. */
  static Optional<Bandwidth> bandwidth(TrunkConnection.Capacity capacity) {
    return Optional.ofNullable(MBPS.get(capacity)).map(Bandwidth::mbps);
  }

  static TransceiverType transceiver(dev.junction.core.catalogue.TransceiverType type) {
    return switch (type) {
      case BASE_1000_LX -> TransceiverType.TRANSCEIVER_TYPE_1000BASE_LX;
      case BASE_10G_LR -> TransceiverType.TRANSCEIVER_TYPE_10GBASE_LR;
      case BASE_10G_ER -> TransceiverType.TRANSCEIVER_TYPE_10GBASE_ER;
      case BASE_100G_LR4 -> TransceiverType.TRANSCEIVER_TYPE_100GBASE_LR4;
      case BASE_100G_ER4 -> TransceiverType.TRANSCEIVER_TYPE_100GBASE_ER4;
    };
  }

  /** Returns the core transceiver of a wire value, empty for UNSPECIFIED or unknown. */
  static Optional<dev.junction.core.catalogue.TransceiverType> transceiver(TransceiverType type) {
    return Optional.ofNullable(
        switch (type) {
          case TRANSCEIVER_TYPE_1000BASE_LX ->
              dev.junction.core.catalogue.TransceiverType.BASE_1000_LX;
          case TRANSCEIVER_TYPE_10GBASE_LR ->
              dev.junction.core.catalogue.TransceiverType.BASE_10G_LR;
          case TRANSCEIVER_TYPE_10GBASE_ER ->
              dev.junction.core.catalogue.TransceiverType.BASE_10G_ER;
          case TRANSCEIVER_TYPE_100GBASE_LR4 ->
              dev.junction.core.catalogue.TransceiverType.BASE_100G_LR4;
          case TRANSCEIVER_TYPE_100GBASE_ER4 ->
              dev.junction.core.catalogue.TransceiverType.BASE_100G_ER4;
          default -> null;
        });
  }

  private static int status(ResourceStatus status) {
    return switch (status) {
      case CREATING -> 1;
      case UPDATING -> 2;
      case DELETING -> 3;
      case ACTIVE -> 4;
    };
  }

  @SuppressWarnings("deprecation") // cloud_bgp_asn: deprecated, still the only place it is shown
  static Peering peering(dev.junction.core.attachment.Peering peering) {
    return Peering.newBuilder()
        .setPeeringSubnet(peering.subnet().toString())
        .setPeerIp(peering.peerIp().toString())
        .setCloudIp(peering.cloudIp().toString())
        .setPeerBgpAsn(peering.peerAsn().map(Asn::value).orElse(0L))
        .setCloudBgpAsn(peering.cloudAsn().value())
        .setPeerBgpMd5Key(peering.md5Key().map(Md5Key::reveal).orElse(""))
        .build();
  }

  static PrivateConnection privateConnection(Attachment attachment) {
    PrivateConnection.Builder wire =
        PrivateConnection.newBuilder()
            .setId(attachment.id())
            .setName(attachment.name())
            .setDescription(attachment.description())
            .setFolderId(attachment.scope())
            .setTrunkConnectionId(attachment.trunkId())
            .setIpv4Peering(peering(attachment.peering()))
            .putAllLabels(attachment.labels().map())
            .setStatusValue(status(attachment.status()))
            .setCreatedAt(timestamp(attachment.createdAt()));
    attachment.vlan().ifPresent(vlan -> wire.setVlanId(Int64Value.of(vlan.value())));
    for (Ipv4Prefix route : attachment.staticRoutes()) {
      wire.addIpv4StaticRoutes(
          PrivateConnection.StaticRoute.newBuilder().setPrefix(route.toString()));
    }
    return wire.build();
  }

  static PublicConnection publicConnection(Attachment attachment) {
    PublicConnection.Builder wire =
        PublicConnection.newBuilder()
            .setId(attachment.id())
            .setName(attachment.name())
            .setDescription(attachment.description())
            .setFolderId(attachment.scope())
            .setTrunkConnectionId(attachment.trunkId())
            .setIpv4Peering(peering(attachment.peering()))
            .putAllLabels(attachment.labels().map())
            .setStatusValue(status(attachment.status()))
            .setCreatedAt(timestamp(attachment.createdAt()));
    attachment.vlan().ifPresent(vlan -> wire.setVlanId(Int64Value.of(vlan.value())));
    for (String service : attachment.publicAccess().services()) {
      PublicConnection.CloudServiceType type =
          PublicConnection.CloudServiceType.valueOf("CLOUD_SERVICE_" + service);
      wire.addIpv4AllowedServiceTypes(type);
    }
    attachment
        .publicAccess()
        .peerAnnouncedPrefixes()
        .forEach(prefix -> wire.addIpv4PeerAnnouncedPrefixes(prefix.toString()));
    return wire.build();
  }

  /** Returns the core name of a public service type: its wire name without the prefix. */
  static Optional<String> serviceName(PublicConnection.CloudServiceType type) {
    String name = type.name();
    if (type == PublicConnection.CloudServiceType.CLOUD_SERVICE_TYPE_UNSPECIFIED
        || type == PublicConnection.CloudServiceType.UNRECOGNIZED) {
      return Optional.empty();
    }
    return Optional.of(name.substring("CLOUD_SERVICE_".length()));
  }

  static TrunkConnection trunk(Trunk trunk, List<Port> ports) {
    TrunkConnection.Builder wire =
        TrunkConnection.newBuilder()
            .setId(trunk.id())
            .setName(trunk.name())
            .setDescription(trunk.description())
            .setFolderId(trunk.scope())
            .setCreatedAt(timestamp(trunk.createdAt()))
            .setPointOfPresenceId(StringValue.of(trunk.popId()))
            .setCapacity(capacity(trunk.capacity()))
            .putAllLabels(trunk.labels().map())
            .setStatusValue(status(trunk.status()))
            .setDeletionProtection(trunk.deletionProtection());
    String device = ports.isEmpty() ? "" : ports.get(0).deviceName();
    switch (trunk.joint()) {
      case Joint.SinglePort single -> {
        TrunkConnection.SinglePortDirectJoint.Builder joint =
            TrunkConnection.SinglePortDirectJoint.newBuilder()
                .setTransceiverType(transceiver(single.transceiver()))
                .setAccessDeviceName(device);
        if (!ports.isEmpty()) {
          joint.setPortName(StringValue.of(ports.get(0).name()));
        }
        wire.setSinglePortDirectJoint(joint);
      }
      case Joint.Lag lag ->
          wire.setLagDirectJoint(
              TrunkConnection.LagDirectJoint.newBuilder()
                  .setTransceiverType(transceiver(lag.transceiver()))
                  .setAccessDeviceName(device)
                  .setLagAllocationSettings(
                      LagAllocationSettings.newBuilder()
                          .setLagInfo(
                              LagInfo.newBuilder()
                                  .addAllPortNames(ports.stream().map(Port::name).toList()))));
      case Joint.ViaPartner partner ->
          wire.setPartnerJointInfo(
              TrunkConnection.PartnerJointInfo.newBuilder()
                  .setPartnerId(StringValue.of(partner.partnerId()))
                  .setServiceKey(partner.serviceKey()));
    }
    return wire.build();
  }

  static TrunkConnectionTicket ticket(Ticket ticket) {
    TrunkConnectionTicket.Builder wire =
        TrunkConnectionTicket.newBuilder()
            .setId(ticket.id())
            .setStatusValue(ticketStatus(ticket.status()))
            .setFolderId(ticket.scope())
            .setSubjectId(ticket.subjectId())
            .setSupportTicketId(ticket.supportTicketId())
            .setTrunkConnectionId(ticket.trunkId().orElse(""))
            .setSpec(
                TrunkConnectionTicketSpec.newBuilder()
                    .setName(ticket.spec().name())
                    .setDescription(ticket.spec().description())
                    .setCapacity(capacity(ticket.spec().capacity()))
                    .setPointOfPresenceId(StringValue.of(ticket.spec().popId()))
                    .setUserMessage(ticket.spec().userMessage())
                    .putAllLabels(ticket.spec().labels().map())
                    .setDeletionProtection(ticket.spec().deletionProtection()))
            .setCreatedAt(timestamp(ticket.createdAt()))
            .setUpdatedAt(timestamp(ticket.updatedAt()))
            .setExpiredAt(timestamp(ticket.expiresAt()));
    return wire.build();
  }

  private static int ticketStatus(TicketStatus status) {
    return switch (status) {
      case PENDING_SUPPORT -> 1;
      case APPROVED -> 2;
      case REJECTED -> 3;
      case REVOKED -> 4;
      case EXPIRED -> 5;
    };
  }

  static PointOfPresence pointOfPresence(dev.junction.core.catalogue.PointOfPresence pop) {
    return PointOfPresence.newBuilder()
        .setId(pop.id())
        .setName(pop.name())
        .setLocationAddress(pop.locationAddress())
        .addAllConnectionPoints(pop.connectionPoints())
        .build();
  }

  static Partner partner(dev.junction.core.catalogue.Partner partner) {
    return Partner.newBuilder()
        .setId(partner.id())
        .setName(partner.name())
        .setUrl(partner.url())
        .addAllPopIds(partner.popIds())
        .setStatus(partner.up() ? Partner.Status.UP : Partner.Status.DOWN)
        .build();
  }
}
