package dev.junction.store;

import dev.junction.core.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The operation queue contract on the embedded SQLite file. */
class SqliteOperationQueueTest extends OperationQueueContractTest {
  @TempDir Path dir;

  @Override
  protected Store newStore() {
    return SqliteStore.open(dir.resolve("junction.db"), TestKeys.cipher());
  }

  @Override
  protected Store reopen() {
    return newStore();
  }
}
