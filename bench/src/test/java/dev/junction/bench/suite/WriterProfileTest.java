package dev.junction.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.bench.suite.WriterProfile.ThreadGroup;
import dev.junction.bench.suite.WriterProfile.Work;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** How {@link WriterProfile} sorts a sample's stack and thread, on stacks as JFR records them. */
class WriterProfileTest {
  private static final List<String> BELOW_THE_BATCH =
      List.of(
          "dev.junction.store.JdbcStore.commitBatch",
          "dev.junction.store.JdbcStore.runBatch",
          "dev.junction.store.GroupCommit.run",
          "dev.junction.store.JdbcStore.write");

  @Test
  void aCreatesInsertIsTheCreatesAndItsTablesMethod() {
    List<String> stack =
        stack(
            List.of(
                "org.sqlite.core.NativeDB.step",
                "dev.junction.store.Statements.update",
                "dev.junction.store.AttachmentRows.insert",
                "dev.junction.store.AttachmentRows.lambda$insertAttachment$0",
                "dev.junction.store.Statements.undoingOnlyThisOnConflict",
                "dev.junction.store.AttachmentRows.insertAttachment",
                "dev.junction.store.JdbcTx.insertAttachment",
                "dev.junction.core.attachment.Attachments.lambda$create$0",
                "dev.junction.core.operation.Submitter.lambda$submit$0",
                "dev.junction.store.JdbcStore.applyBehindSavepoint"));

    assertThat(WriterProfile.inBatch(stack)).isTrue();
    assertThat(Work.of(stack)).isEqualTo(Work.CREATE);
    assertThat(WriterProfile.storeMethod(stack)).contains("AttachmentRows.insert");
  }

  @Test
  void theCommitIsTheBatchsOwnWhoeverLedIt() {
    List<String> stack =
        stack(
            List.of(
                "org.sqlite.core.NativeDB._exec_utf8",
                "org.sqlite.jdbc3.JDBC3Connection.commit",
                "dev.junction.store.$Proxy6.commit",
                "com.zaxxer.hikari.pool.HikariProxyConnection.commit"));

    assertThat(Work.of(stack)).isEqualTo(Work.COMMIT);
    assertThat(WriterProfile.storeMethod(stack)).isEmpty();
  }

  @Test
  void theWorkerAndTheRoutersReportsAreTheirOwn() {
    assertThat(
            Work.of(
                stack(
                    List.of(
                        "dev.junction.store.OperationRows.claimOperation",
                        "dev.junction.store.JdbcTx.claimOperation",
                        "dev.junction.core.operation.OperationWorker.lambda$claimAndStep$0"))))
        .isEqualTo(Work.WORKER_STEP);
    assertThat(
            Work.of(
                stack(
                    List.of(
                        "dev.junction.store.ObservationRows.save",
                        "dev.junction.core.network.ObservedState.record",
                        "dev.junction.core.network.ObservedState.lambda$record$0"))))
        .isEqualTo(Work.ROUTER_REPORT);
  }

  @Test
  void aReadOutsideTheBatchesIsNotTheWriters() {
    List<String> read =
        List.of(
            "org.sqlite.core.NativeDB.step",
            "dev.junction.store.Statements.query",
            "dev.junction.store.JdbcStore.readOnce",
            "dev.junction.network.agent.InProcessFeed.changes");

    assertThat(WriterProfile.inBatch(read)).isFalse();
  }

  @Test
  void threadsAreGroupedByTheirNamesWholeOrCutAsLinuxKeepsThem() {
    assertThat(ThreadGroup.of("armeria-common-blocking-tasks-1-3")).isEqualTo(ThreadGroup.REQUESTS);
    assertThat(ThreadGroup.of("agent-edge-scal")).isEqualTo(ThreadGroup.AGENTS);
    assertThat(ThreadGroup.of("operation-step-2")).isEqualTo(ThreadGroup.WORKER);
    assertThat(ThreadGroup.of("C2 CompilerThre")).isEqualTo(ThreadGroup.COMPILERS);
    assertThat(ThreadGroup.of("GC Thread#0")).isEqualTo(ThreadGroup.GC);
    assertThat(ThreadGroup.of("VM Thread")).isEqualTo(ThreadGroup.OTHER);
  }

  @Test
  void metricsAreSummedOverTheirLabelsAndOthersIgnored() {
    String text =
        """
        # HELP junction_store_commit_seconds Write transactions
        # TYPE junction_store_commit_seconds histogram
        junction_store_commit_seconds_bucket{le="0.001"} 3.0
        junction_store_commit_seconds_count 120.0
        junction_store_commit_seconds_sum 0.75
        junction_store_batch_size_sum 2400.0
        junction_operations_completion_seconds_count{outcome="succeeded",type="privateConnection",verb="CREATE"} 1000.0
        junction_operations_completion_seconds_count{outcome="failed",type="privateConnection",verb="CREATE"} 2.0
        junction_operations_completion_seconds_sum{outcome="succeeded",type="privateConnection",verb="CREATE"} 9.0
        not_a_sample_line
        """;

    assertThat(WriterProfile.sums(text))
        .containsEntry("junction_store_commit_seconds_count", 120.0)
        .containsEntry("junction_store_commit_seconds_sum", 0.75)
        .containsEntry("junction_store_batch_size_sum", 2400.0)
        .containsEntry("junction_operations_completion_seconds_count", 1002.0)
        .hasSize(4);
  }

  /** Returns the frames of a write above the batch that runs it, innermost first. */
  private static List<String> stack(List<String> aboveTheBatch) {
    return Stream.concat(aboveTheBatch.stream(), BELOW_THE_BATCH.stream()).toList();
  }
}
