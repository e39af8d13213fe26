package dev.junction.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JunctionConfigTest {

  private static JunctionConfig parse(String yaml) {
    return JunctionConfig.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  @Test
  void readsTheShippedDefault() {
    JunctionConfig config = JunctionConfig.defaults();
    assertThat(config.server().httpPort()).isEqualTo(8080);
    assertThat(config.catalogue().pointsOfPresence())
        .extracting(p -> p.id())
        .contains("mow01", "fra01", "iad01");
    assertThat(config.catalogue().ports()).hasSize(12);
    assertThat(config.demoTrunks()).extracting(t -> t.id()).containsExactly("cftdemotrunk00000001");
    assertThat(config.core().quotas().privatePerTrunk()).isEqualTo(5);
  }

  @Test
  void takesDefaultsForWhatIsLeftOut() {
    JunctionConfig config = parse("network:\n  simulated:\n    applyDelay: 2s\n");
    assertThat(config.network().simulated().apply()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.core().operationTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.catalogue().ports()).isEmpty();
  }

  @Test
  void readsTheWorkerSettingsAndRefusesEachBadValue() {
    WorkerSettings defaults = parse("").worker();
    assertThat(defaults).isEqualTo(WorkerSettings.DEFAULTS);
    assertThat(defaults.retries().maxAttempts()).isEqualTo(8);
    WorkerSettings set =
        parse(
                "operations:\n  pollInterval: 2s\n  leaseDuration: 3s\n  retryBackoff: 100ms\n"
                    + "  retryBackoffMax: 1s\n  maxAttempts: 3\n")
            .worker();
    assertThat(set.pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(set.leaseDuration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(set.retries().base()).isEqualTo(Duration.ofMillis(100));
    assertThat(set.retries().cap()).isEqualTo(Duration.ofSeconds(1));
    assertThat(set.retries().maxAttempts()).isEqualTo(3);

    assertThatThrownBy(() -> parse("operations:\n  pollInterval: 0ms\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("operations.pollInterval")
        .hasMessageContaining("10ms to 5m");
    assertThatThrownBy(() -> parse("operations:\n  leaseDuration: 100ms\n"))
        .hasMessageContaining("operations.leaseDuration");
    assertThatThrownBy(() -> parse("operations:\n  retryBackoff: 0s\n"))
        .hasMessageContaining("operations.retryBackoff");
    assertThatThrownBy(() -> parse("operations:\n  retryBackoff: 10s\n  retryBackoffMax: 5s\n"))
        .hasMessageContaining("operations.retryBackoffMax")
        .hasMessageContaining("at least retryBackoff");
    assertThatThrownBy(() -> parse("operations:\n  maxAttempts: 0\n"))
        .hasMessageContaining("operations.maxAttempts");
    assertThatThrownBy(() -> parse("operations:\n  maxAttempts: many\n"))
        .hasMessageContaining("operations.maxAttempts");
  }

  @Test
  void readsTheCredentialCacheAndRefusesABoundOverOneSecond() {
    assertThat(JunctionConfig.defaults().access()).isEqualTo(AccessSettings.DEFAULTS);
    assertThat(parse("").access().cacheStaleness()).isEqualTo(Duration.ofSeconds(1));
    AccessSettings set = parse("access:\n  cacheStaleness: 250ms\n  cacheEntries: 50\n").access();
    assertThat(set).isEqualTo(new AccessSettings(Duration.ofMillis(250), 50));
    assertThat(parse("access:\n  cacheStaleness: 0s\n").access().cacheStaleness()).isZero();

    assertThatThrownBy(() -> parse("access:\n  cacheStaleness: 2s\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("access.cacheStaleness")
        .hasMessageContaining("0 to 1s");
    assertThatThrownBy(() -> parse("access:\n  cacheEntries: 0\n"))
        .hasMessageContaining("access.cacheEntries");
    assertThatThrownBy(() -> parse("access:\n  cacheTtl: 1s\n"))
        .hasMessageContaining("access.cacheTtl");
  }

  @Test
  void readsTheObservabilitySettingsAndRefusesEachBadValue() {
    assertThat(JunctionConfig.defaults().observability()).isEqualTo(ObservabilitySettings.DEFAULTS);
    assertThat(parse("").observability()).isEqualTo(ObservabilitySettings.DEFAULTS);
    ObservabilitySettings set =
        parse(
                "observability:\n  logFormat: JSON\n  metricsAccess: operator\n"
                    + "  loopStaleAfter: 5s\n")
            .observability();
    assertThat(set).isEqualTo(new ObservabilitySettings("json", "operator", Duration.ofSeconds(5)));
    assertThat(set.metricsNeedOperator()).isTrue();

    assertThatThrownBy(() -> parse("observability:\n  logFormat: xml\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("observability.logFormat")
        .hasMessageContaining("text or json");
    assertThatThrownBy(() -> parse("observability:\n  metricsAccess: public\n"))
        .hasMessageContaining("observability.metricsAccess")
        .hasMessageContaining("open or operator");
    assertThatThrownBy(() -> parse("observability:\n  loopStaleAfter: 10ms\n"))
        .hasMessageContaining("observability.loopStaleAfter")
        .hasMessageContaining("at least 1s");
    assertThatThrownBy(() -> parse("observability:\n  logLevel: debug\n"))
        .hasMessageContaining("observability.logLevel");
  }

  @Test
  void namesTheSettingThatIsWrong() {
    assertThatThrownBy(() -> parse("server:\n  htpPort: 1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.htpPort");
    assertThatThrownBy(() -> parse("operations:\n  timeout: soon\n"))
        .hasMessageContaining("operations.timeout");
    assertThatThrownBy(() -> parse("server:\n  httpPort: 70000\n"))
        .hasMessageContaining("server.httpPort");
    assertThatThrownBy(
            () ->
                parse(
                    "catalogue:\n  routers:\n    - {id: r, pointOfPresence: nowhere, routerId: 10.0.0.1}\n"))
        .hasMessageContaining("catalogue.routers[0].pointOfPresence");
    assertThatThrownBy(() -> parse("store:\n  engine: oracle\n"))
        .hasMessageContaining("store.engine");
    assertThatThrownBy(() -> parse("limits:\n  maxPageSize: 5000\n"))
        .hasMessageContaining("limits.maxPageSize");
    assertThatThrownBy(() -> parse("secrets:\n  keys:\n    - {id: k1, key: c2hvcnQ=}\n"))
        .hasMessageContaining("secrets.keys[0].key");
  }

  @Test
  void readsTheSecretsKeyRingAndRequiresItForPostgresql() {
    String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    JunctionConfig config =
        parse(
            "secrets:\n  current: k2\n  keys:\n    - {id: k1, key: \"%s\"}\n    - {id: k2, key: \"%s\"}\n"
                .formatted(key, key));
    assertThat(config.secrets().current()).isEqualTo("k2");
    assertThat(config.secrets().keys()).containsOnlyKeys("k1", "k2");
    assertThat(config.secrets().toString()).doesNotContain(key);
    assertThatThrownBy(
            () ->
                parse(
                    "store:\n  engine: postgresql\n  postgresql:\n    url: jdbc:postgresql://db/j\n"))
        .hasMessageContaining("secrets.keys");
  }

  @Test
  void readsWhereReplicasGetTheirBootstrapCredentialsAndTheirPool() {
    JunctionConfig config =
        parse(
            "server:\n  adminTokenFile: /run/secrets/token\n  adminGlobalKeyFile: /run/secrets/key\n"
                + "store:\n  postgresql:\n    poolSize: 20\n    connectionTimeout: 2s\n");
    assertThat(config.server().adminTokenFile()).isEqualTo("/run/secrets/token");
    assertThat(config.server().adminGlobalKeyFile()).isEqualTo("/run/secrets/key");
    assertThat(config.store().poolSize()).isEqualTo(20);
    assertThat(config.store().connectionTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(JunctionConfig.defaults().store().connectionTimeout())
        .isEqualTo(java.time.Duration.ofSeconds(5));
    assertThatThrownBy(() -> parse("store:\n  postgresql:\n    poolSize: 1\n"))
        .hasMessageContaining("store.postgresql.poolSize");
    assertThatThrownBy(() -> parse("store:\n  postgresql:\n    connectionTimeout: 10ms\n"))
        .hasMessageContaining("store.postgresql.connectionTimeout");
  }
}
