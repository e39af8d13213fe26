package dev.junction.core.trunk;

import static java.util.Objects.requireNonNull;

import dev.junction.core.catalogue.TransceiverType;
import java.util.Optional;

/** Returns how a caller asks to join a new trunk; the ports are chosen by the provider. */
public sealed interface JointRequest {

  /** One port with the given optics. */
  record SinglePort(Optional<TransceiverType> transceiver) implements JointRequest {
    public SinglePort {
      requireNonNull(transceiver, "transceiver");
    }
  }

  /** A LAG of {@code size} ports with the given optics, 1 to 10. */
  record Lag(Optional<TransceiverType> transceiver, long size) implements JointRequest {
    public Lag {
      requireNonNull(transceiver, "transceiver");
    }
  }

  /** A joint through a partner. */
  record ViaPartner(String partnerId) implements JointRequest {
    public ViaPartner {
      requireNonNull(partnerId, "partnerId");
    }
  }
}
