package dev.junction.core.catalogue;

import static java.util.Objects.requireNonNull;

/**
 * A physical port on an edge router that a customer's trunk can take. Whether it is free is not
 * part of the catalogue: a port is taken while a trunk holds it.
 *
 * @param id a UUID, so that dialects that expose ports (Cloudflare slots) can use it as is
 * @param name the interface name on the router (for example {@code et-0/0/1})
 * @param speed the port speed as the operator writes it ({@code 10G}, {@code 100G})
 * @param bandwidth the port speed in megabits per second
 * @param deviceName the name of the device as customers see it on their letter of authorization
 */
public record Port(
    String id,
    String name,
    String popId,
    String routerId,
    String speed,
    Bandwidth bandwidth,
    TransceiverType transceiver,
    String deviceName) {
  public Port {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(popId, "popId");
    requireNonNull(routerId, "routerId");
    requireNonNull(speed, "speed");
    requireNonNull(bandwidth, "bandwidth");
    requireNonNull(transceiver, "transceiver");
    requireNonNull(deviceName, "deviceName");
  }
}
