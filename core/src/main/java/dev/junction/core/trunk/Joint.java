package dev.junction.core.trunk;

import static java.util.Objects.requireNonNull;

import dev.junction.core.catalogue.TransceiverType;
import java.util.List;

/** Returns how a trunk meets the provider's network: one port, a LAG of ports, or a partner. */
public sealed interface Joint {

  /** Returns the ids of the ports this joint holds; none for a partner joint. */
  List<String> portIds();

  /** A single port on a provider router. */
  record SinglePort(String portId, TransceiverType transceiver) implements Joint {
    public SinglePort {
      requireNonNull(portId, "portId");
      requireNonNull(transceiver, "transceiver");
    }

    @Override
    public List<String> portIds() {
      return List.of(portId);
    }
  }

  /** A link aggregation group of ports on one provider router. */
  record Lag(List<String> portIds, TransceiverType transceiver) implements Joint {
    public Lag {
      portIds = List.copyOf(portIds);
      if (portIds.isEmpty()) {
        throw new IllegalArgumentException("portIds: [] (expected: at least one port)");
      }
      requireNonNull(transceiver, "transceiver");
    }
  }

  /**
   * A joint through a partner's network; the customer holds no port of the provider.
   *
   * @param serviceKey the key that identifies the customer's circuit to the partner
   */
  record ViaPartner(String partnerId, String serviceKey) implements Joint {
    public ViaPartner {
      requireNonNull(partnerId, "partnerId");
      requireNonNull(serviceKey, "serviceKey");
    }

    @Override
    public List<String> portIds() {
      return List.of();
    }
  }
}
