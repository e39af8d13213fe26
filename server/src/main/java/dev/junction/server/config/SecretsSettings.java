package dev.junction.server.config;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key ring that encrypts secrets at rest (BGP MD5 keys). Empty: the server keeps a generated
 * key in {@code <data-dir>/secret-keys}; replicas that share a database must share the ring, so
 * they configure it here.
 *
 * @param current the id of the key new secrets are sealed with
 * @param keys every key that may have sealed a stored secret: id to 32 bytes in base64
 */
public record SecretsSettings(String current, Map<String, String> keys) {
  public SecretsSettings {
    keys = Map.copyOf(keys);
  }

  public boolean configured() {
    return !keys.isEmpty();
  }

  static SecretsSettings read(ConfigNode node, StoreSettings store) {
    Map<String, String> keys = new LinkedHashMap<>();
    node.list(
        "keys",
        key -> {
          String id = key.requiredString("id");
          String material = key.requiredString("key");
          key.rejectUnknown();
          try {
            if (Base64.getDecoder().decode(material).length != 32) {
              throw new ConfigException(key.at("key") + ": must be 32 bytes in base64");
            }
          } catch (IllegalArgumentException e) {
            throw new ConfigException(key.at("key") + ": must be 32 bytes in base64");
          }
          keys.put(id, material);
          return id;
        });
    String current = node.string("current", keys.isEmpty() ? "" : keys.keySet().iterator().next());
    if (!keys.isEmpty() && !keys.containsKey(current)) {
      throw new ConfigException(node.at("current") + ": no key " + current + " in keys");
    }
    node.rejectUnknown();
    if (store.isPostgresql() && keys.isEmpty()) {
      throw new ConfigException(
          node.at("keys")
              + ": is required with store.engine postgresql: every replica must hold the key"
              + " that encrypts secrets in the shared database");
    }
    return new SecretsSettings(current, keys);
  }

  @Override
  public String toString() {
    return "SecretsSettings[current=" + current + ", keys=" + keys.keySet() + "]";
  }
}
