package dev.junction.core.settings;

import static java.util.Objects.requireNonNull;

import dev.junction.core.access.AccessGuard;
import dev.junction.core.access.Caller;
import dev.junction.core.net.Asn;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.Store;
import java.util.Optional;

/**
 * The use cases on a scope's own settings: the ASN the provider uses on the scope's new BGP
 * sessions. A scope that chose nothing gets the dialect's default.
 */
public final class ScopeSettings {
  private final Store store;

  public ScopeSettings(Store store) {
    this.store = requireNonNull(store, "store");
  }

  /** Returns the default ASN of {@code scope}, or {@code fallback} if it chose none. */
  public Asn defaultAsn(Caller caller, String scope, Asn fallback) {
    AccessGuard.readFrom(caller, scope);
    return store.read(tx -> tx.defaultAsn(scope)).orElse(fallback);
  }

  /**
   * Sets the default ASN of {@code scope}: {@code fallback} itself, or a private 2-byte ASN
   * (64512-65534), and returns it.
   */
  public Asn setDefaultAsn(Caller caller, String scope, long value, Asn fallback) {
    AccessGuard.writeInto(caller, scope);
    Optional<Asn> asn = Asn.of(value);
    boolean allowed =
        asn.isPresent() && (asn.get().equals(fallback) || (value >= 64_512 && value <= 65_534));
    if (!allowed) {
      throw ProblemException.invalid(
          "default_asn",
          "must be " + fallback + " or a private 2-byte ASN, 64512-65534 (got " + value + ")");
    }
    store.write(
        tx -> {
          tx.saveDefaultAsn(scope, asn.get());
          return null;
        });
    return asn.get();
  }
}
