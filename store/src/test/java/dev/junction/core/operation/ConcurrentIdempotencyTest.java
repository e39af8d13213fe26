package dev.junction.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.UseCases;
import dev.junction.core.access.Caller;
import dev.junction.core.attachment.AttachmentDraft;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.attachment.PeeringDraft;
import dev.junction.core.catalogue.Bandwidth;
import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import dev.junction.core.catalogue.Router;
import dev.junction.core.catalogue.TransceiverType;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.config.Quotas;
import dev.junction.core.net.Asn;
import dev.junction.core.net.Ipv4Prefix;
import dev.junction.core.page.NameFilter;
import dev.junction.core.page.PageRequest;
import dev.junction.core.resource.Labels;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.core.store.AttachmentQuery;
import dev.junction.core.store.Store;
import dev.junction.core.trunk.Joint;
import dev.junction.core.trunk.Trunk;
import dev.junction.store.PostgresStore;
import dev.junction.store.SqliteStore;
import dev.junction.store.TestKeys;
import dev.junction.store.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many requests with one idempotency key at once, on each engine: the database decides which does
 * the work, and every other one gets its operation, never a conflict on what the first one took.
 */
class ConcurrentIdempotencyTest {
  private static final int REQUESTS = 64;
  private static final String FOLDER = "folder-a";
  private static final String TRUNK = "trunk-a";
  private static final String PORT = "11111111-1111-4111-8111-111111111111";

  @TempDir Path dir;

  private Store open(String engine) throws Exception {
    return switch (engine) {
      case "sqlite" -> SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher());
      case "postgresql" ->
          PostgresStore.open(
              TestPostgres.newDatabase(),
              TestPostgres.USER,
              TestPostgres.PASSWORD,
              TestKeys.cipher());
      default -> throw new IllegalArgumentException(engine);
    };
  }

  private static UseCases useCases(Store store) {
    CoreConfig config =
        new CoreConfig(
            Quotas.DEFAULTS,
            new Asn(200350),
            Duration.ofMinutes(2),
            Duration.ofMillis(100),
            Duration.ofDays(14),
            false,
            Ipv4Prefix.of("100.64.0.0/24"),
            Duration.ofSeconds(30));
    UseCases useCases =
        UseCases.over(store, InstantSource.system(), Ids.random(), config, Signals.none());
    useCases
        .catalogue()
        .load(
            List.of(
                new PointOfPresence("pop-a", "Pop A", "Street 1", List.of(), "a", "A", List.of())),
            List.of(),
            List.of(new Router("router-a", "pop-a", "ccr-a", "10.0.0.1")),
            List.of(
                new Port(
                    PORT,
                    "et-0/0/1",
                    "pop-a",
                    "router-a",
                    "10G",
                    Bandwidth.gbps(10),
                    TransceiverType.BASE_10G_LR,
                    "ccr-a")));
    useCases
        .trunks()
        .provision(
            new Trunk(
                TRUNK,
                FOLDER,
                "trunk",
                "",
                Labels.EMPTY,
                "pop-a",
                new Joint.SinglePort(PORT, TransceiverType.BASE_10G_LR),
                Bandwidth.gbps(1),
                false,
                ResourceStatus.ACTIVE,
                Instant.EPOCH,
                1));
    return useCases;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void everyRequestWithOneKeyGetsTheOneOperation(String engine) throws Exception {
    try (Store store = open(engine)) {
      UseCases useCases = useCases(store);
      Caller keyed = Caller.operator("user-1").withIdempotencyKey(Optional.of("key-1"));
      AttachmentDraft draft =
          new AttachmentDraft(
              FOLDER,
              "pc-1",
              "",
              Map.of(),
              TRUNK,
              Optional.of(100L),
              Optional.of(
                  new PeeringDraft("169.254.1.0/30", "169.254.1.1", "169.254.1.2", 65001, "")),
              List.of(),
              List.of(),
              List.of());

      CountDownLatch start = new CountDownLatch(1);
      List<Future<Operation>> answers = new ArrayList<>();
      try (ExecutorService threads = Executors.newFixedThreadPool(REQUESTS)) {
        for (int i = 0; i < REQUESTS; i++) {
          Callable<Operation> create =
              () -> {
                start.await();
                return useCases.attachments().create(keyed, AttachmentKind.PRIVATE, draft);
              };
          answers.add(threads.submit(create));
        }
        start.countDown();
      }

      List<String> operationIds = new ArrayList<>();
      for (Future<Operation> answer : answers) {
        operationIds.add(answer.get().id());
      }
      assertThat(operationIds).hasSize(REQUESTS).containsOnly(operationIds.get(0));
      assertThat(
              useCases
                  .attachments()
                  .list(
                      keyed,
                      AttachmentQuery.inScope(AttachmentKind.PRIVATE, FOLDER, NameFilter.ALL),
                      PageRequest.first())
                  .items())
          .singleElement()
          .satisfies(
              attachment ->
                  assertThat(attachment.id())
                      .isEqualTo(
                          useCases.operations().get(keyed, operationIds.get(0)).resourceId()));
    }
  }
}
