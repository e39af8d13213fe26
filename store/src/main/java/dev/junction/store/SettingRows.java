package dev.junction.store;

import dev.junction.core.net.Asn;
import java.util.Optional;

/** The rows of settings: the provider's, which the operator changes, and each scope's. */
final class SettingRows {
  private final Statements sql;

  SettingRows(Statements sql) {
    this.sql = sql;
  }

  Optional<String> providerSetting(String name) {
    return sql.queryOne(
        "SELECT value FROM provider_settings WHERE name = ?",
        s -> s.setString(1, name),
        row -> row.getString(1));
  }

  void saveProviderSetting(String name, String value) {
    sql.update(
        "INSERT INTO provider_settings (name, value) VALUES (?, ?)"
            + " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        s -> {
          s.setString(1, name);
          s.setString(2, value);
        });
  }

  Optional<Asn> defaultAsn(String scope) {
    return sql.queryOne(
        "SELECT default_asn FROM scope_settings WHERE scope = ?",
        s -> s.setString(1, scope),
        row -> new Asn(row.getLong(1)));
  }

  void saveDefaultAsn(String scope, Asn asn) {
    sql.update(
        "INSERT INTO scope_settings (scope, default_asn) VALUES (?, ?)"
            + " ON CONFLICT (scope) DO UPDATE SET default_asn = excluded.default_asn",
        s -> {
          s.setString(1, scope);
          s.setLong(2, asn.value());
        });
  }
}
