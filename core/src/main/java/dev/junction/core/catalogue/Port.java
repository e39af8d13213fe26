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
 * @param kernelInterface the Linux network interface the port is on the router (for example {@code
 *     eth1}), on which the attachments' VLAN sub-interfaces are made
 */
public record Port(
    String id,
    String name,
    String popId,
    String routerId,
    String speed,
    Bandwidth bandwidth,
    TransceiverType transceiver,
    String deviceName,
    String kernelInterface) {
  public Port {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(popId, "popId");
    requireNonNull(routerId, "routerId");
    requireNonNull(speed, "speed");
    requireNonNull(bandwidth, "bandwidth");
    requireNonNull(transceiver, "transceiver");
    requireNonNull(deviceName, "deviceName");
    requireNonNull(kernelInterface, "kernelInterface");
    if (!isKernelInterfaceName(kernelInterface)) {
      throw new IllegalArgumentException(
          "kernelInterface: "
              + kernelInterface
              + " (expected: a Linux interface name of 1-15 characters, no '/', ':' or space)");
    }
  }

  /** Returns a port on the kernel interface named after it ({@link #defaultKernelInterface}). */
  public Port(
      String id,
      String name,
      String popId,
      String routerId,
      String speed,
      Bandwidth bandwidth,
      TransceiverType transceiver,
      String deviceName) {
    this(
        id,
        name,
        popId,
        routerId,
        speed,
        bandwidth,
        transceiver,
        deviceName,
        defaultKernelInterface(name));
  }

  /**
   * Returns the kernel interface a port named {@code name} is on when the catalogue does not say:
   * the name with every character a Linux interface name may not hold replaced by {@code -}, cut to
   * 15 characters ({@code et-0/0/1} is {@code et-0-0-1}).
   */
  public static String defaultKernelInterface(String name) {
    StringBuilder kernel = new StringBuilder();
    for (char c : name.toCharArray()) {
      kernel.append(c == '/' || c == ':' || Character.isWhitespace(c) || c == '%' ? '-' : c);
    }
    String result = kernel.length() > 15 ? kernel.substring(0, 15) : kernel.toString();
    return result.isEmpty() || result.equals(".") || result.equals("..") ? "port" : result;
  }

  /** Returns whether {@code name} is a valid Linux network interface name. */
  public static boolean isKernelInterfaceName(String name) {
    if (name.isEmpty() || name.length() > 15 || name.equals(".") || name.equals("..")) {
      return false;
    }
    for (char c : name.toCharArray()) {
      if (c == '/' || c == ':' || c == '%' || c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }
}
