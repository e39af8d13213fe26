package dev.junction.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a P2 server's CPU goes while it creates at saturation (issue 11, P2): by thread, and how
 * much of it runs inside the store's write batches, which on SQLite run one at a time on the one
 * writing connection (the single writer), split by what each write was.
 *
 * <p>Two commands, run by {@code bench/writer-profile.sh}:
 *
 * <ul>
 *   <li>{@code threads DATA_DIR SECONDS}: over that time, the CPU of the server running on {@code
 *       DATA_DIR} (its {@code server.json} names the process and the port), from {@code /proc}, by
 *       thread group, in cores; and from its {@code /metrics}, the time its write batches took from
 *       first statement to commit ({@code junction_store_commit_seconds}), which on SQLite, where
 *       they run one at a time, is how busy the single writer was, against the operations its
 *       worker finished.
 *   <li>{@code report FILE.jfr}: the recording's CPU samples ({@code jdk.CPUTimeSample} where the
 *       JDK has it, 25 and newer on Linux, which sample CPU time and see native code; else the
 *       execution and native-method samples) by thread group, the share inside {@code
 *       JdbcStore.commitBatch}, what those writes were, and the store methods they spent it in.
 * </ul>
 */
public final class WriterProfile {
  private static final String BATCH = "dev.junction.store.JdbcStore.commitBatch";
  private static final String CPU_TIME = "jdk.CPUTimeSample";
  private static final String EXECUTION = "jdk.ExecutionSample";
  private static final String NATIVE = "jdk.NativeMethodSample";
  private static final List<String> SCRAPED =
      List.of(
          "junction_store_commit_seconds_sum",
          "junction_store_commit_seconds_count",
          "junction_store_batch_size_sum",
          "junction_operations_completion_seconds_count");
  private static final Set<String> STORE_PLUMBING =
      Set.of(
          "dev.junction.store.Statements",
          "dev.junction.store.StatementCache",
          "dev.junction.store.StatementCachingDataSource",
          "dev.junction.store.StatementCachingDataSource$Handler",
          "dev.junction.store.JdbcStore",
          "dev.junction.store.JdbcTx",
          "dev.junction.store.GroupCommit");

  private WriterProfile() {}

  /** The server's threads, as the report groups them. */
  enum ThreadGroup {
    REQUESTS("request threads (Armeria's event loops and blocking pool)"),
    AGENTS("routers' agents (the simulated network)"),
    WORKER("operation worker"),
    COMPILERS("JIT compilers"),
    GC("garbage collector"),
    OTHER("other");

    final String label;

    ThreadGroup(String label) {
      this.label = label;
    }

    /**
     * Returns the group of a thread by its name, whole or cut to 15 characters as Linux keeps it.
     */
    static ThreadGroup of(String name) {
      if (name.startsWith("armeria-")) {
        return REQUESTS;
      }
      if (name.startsWith("agent-")) {
        return AGENTS;
      }
      if (name.startsWith("operation-")) {
        return WORKER;
      }
      if (ProcThreads.isCompiler(name)) {
        return COMPILERS;
      }
      if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("GN ")) {
        return GC;
      }
      return OTHER;
    }
  }

  /** What a write inside a batch was, or the batch's own statements. */
  enum Work {
    CREATE("a create: quota, trunk, resource, operation, audit (Submitter.submit)"),
    WORKER_STEP("the worker's claim and step of operations"),
    ROUTER_REPORT("a router's report of what it applied and observed"),
    COMMIT("COMMIT"),
    SAVEPOINTS("the batch's savepoints"),
    OTHER("other");

    final String label;

    Work(String label) {
      this.label = label;
    }

    /**
     * Returns what the write at the top of a stack inside a batch was, given the stack's frames
     * from the innermost out, each as {@code class.method}.
     */
    static Work of(List<String> frames) {
      int batch = frames.indexOf(BATCH);
      for (int i = batch - 1; i >= 0; i--) {
        String frame = frames.get(i);
        if (frame.startsWith("dev.junction.core.operation.Submitter.lambda$submit")) {
          return CREATE;
        }
        if (frame.startsWith("dev.junction.core.operation.OperationWorker.lambda$claimAndStep")) {
          return WORKER_STEP;
        }
        if (frame.startsWith("dev.junction.core.network.ObservedState.lambda$record")) {
          return ROUTER_REPORT;
        }
        if (frame.endsWith(".commit") && !frame.startsWith("dev.junction.")) {
          return COMMIT;
        }
        if (frame.endsWith(".setSavepoint")
            || frame.endsWith(".releaseSavepoint")
            || frame.endsWith(".rollback")) {
          return SAVEPOINTS;
        }
      }
      return OTHER;
    }
  }

  /** Returns whether a stack, innermost frame first, runs inside a write batch. */
  static boolean inBatch(List<String> frames) {
    return frames.contains(BATCH);
  }

  /**
   * Returns the innermost store method of a stack (a table's rows, not the statement plumbing every
   * write goes through), as {@code Class.method}, if any.
   */
  static Optional<String> storeMethod(List<String> frames) {
    for (String frame : frames) {
      int dot = frame.lastIndexOf('.');
      String type = frame.substring(0, dot);
      if (type.startsWith("dev.junction.store.")
          && !type.contains("$$Lambda")
          && !type.startsWith("dev.junction.store.$Proxy")
          && !STORE_PLUMBING.contains(type)
          && !frame.contains("lambda$")) {
        return Optional.of(frame.substring("dev.junction.store.".length()));
      }
    }
    return Optional.empty();
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("threads")) {
      threads(Path.of(args[1]), Long.parseLong(args[2]));
    } else if (args.length == 2 && args[0].equals("report")) {
      report(Path.of(args[1]));
    } else {
      System.err.println("usage: WriterProfile threads DATA_DIR SECONDS | report FILE.jfr");
      System.exit(2);
    }
  }

  private static void threads(Path dataDir, long seconds) throws IOException, InterruptedException {
    JsonNode server = new ObjectMapper().readTree(dataDir.resolve("server.json").toFile());
    long pid = server.path("pid").asLong();
    URI metrics = URI.create("http://127.0.0.1:" + server.path("httpPort").asInt() + "/metrics");
    Map<String, Double> scrapedBefore = scrape(metrics);
    Map<Path, ProcThreads.Thread> before = byDir(ProcThreads.of(pid));
    Thread.sleep(seconds * 1000);
    Map<String, Double> scrapedAfter = scrape(metrics);
    Map<ThreadGroup, Long> ticks = new EnumMap<>(ThreadGroup.class);
    for (ProcThreads.Thread thread : ProcThreads.of(pid)) {
      ProcThreads.Thread earlier = before.get(thread.dir());
      long used = thread.ticks() - (earlier == null ? 0 : earlier.ticks());
      ticks.merge(ThreadGroup.of(thread.name()), used, Long::sum);
    }
    double total = ticks.values().stream().mapToLong(Long::longValue).sum();
    double scale = ProcThreads.TICKS_PER_SECOND * (double) seconds;
    System.out.printf("the server's CPU over %d s (/proc): %.2f cores%n", seconds, total / scale);
    for (ThreadGroup group : ThreadGroup.values()) {
      long used = ticks.getOrDefault(group, 0L);
      System.out.printf(
          "  %5.2f cores  %3.0f%%  %s%n", used / scale, percent(used, total), group.label);
    }
    Function<String, Double> grew = name -> scrapedAfter.get(name) - scrapedBefore.get(name);
    double batchSeconds = grew.apply("junction_store_commit_seconds_sum");
    double batches = grew.apply("junction_store_commit_seconds_count");
    double writes = grew.apply("junction_store_batch_size_sum");
    double finished = grew.apply("junction_operations_completion_seconds_count");
    System.out.printf(
        "the write batches (/metrics, junction_store_commit_seconds): %.0f a second, %.1f writes"
            + " each; %.2f s of batches a second (on SQLite: how busy the one writer was)%n",
        batches / seconds, writes / Math.max(1, batches), batchSeconds / seconds);
    System.out.printf(
        "  operations finished: %.0f a second; %.0f µs of batches an operation%n",
        finished / seconds, 1e6 * batchSeconds / Math.max(1, finished));
  }

  /**
   * Returns the sums of the metrics a profile reads, each over all its labels, from a Prometheus
   * text answer.
   */
  static Map<String, Double> sums(String prometheusText) {
    Map<String, Double> sums = new HashMap<>();
    for (String name : SCRAPED) {
      sums.put(name, 0.0);
    }
    for (String line : prometheusText.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int end = line.indexOf('{');
      if (end < 0) {
        end = line.indexOf(' ');
      }
      if (end <= 0) {
        continue;
      }
      String name = line.substring(0, end);
      if (sums.containsKey(name)) {
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        sums.merge(name, value, Double::sum);
      }
    }
    return sums;
  }

  private static Map<String, Double> scrape(URI metrics) throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(metrics + " answered " + response.statusCode());
      }
      return sums(response.body());
    }
  }

  private static Map<Path, ProcThreads.Thread> byDir(List<ProcThreads.Thread> threads) {
    return threads.stream().collect(Collectors.toMap(ProcThreads.Thread::dir, t -> t));
  }

  private static void report(Path file) throws IOException {
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    boolean cpuTime = events.stream().anyMatch(e -> e.getEventType().getName().equals(CPU_TIME));
    Set<String> kinds = cpuTime ? Set.of(CPU_TIME) : Set.of(EXECUTION, NATIVE);
    Map<ThreadGroup, Integer> byThread = new EnumMap<>(ThreadGroup.class);
    Map<Work, Integer> byWork = new EnumMap<>(Work.class);
    Map<String, Integer> byStoreMethod = new HashMap<>();
    int samples = 0;
    int inBatch = 0;
    for (RecordedEvent event : events) {
      if (!kinds.contains(event.getEventType().getName())) {
        continue;
      }
      samples++;
      byThread.merge(ThreadGroup.of(threadName(event)), 1, Integer::sum);
      List<String> frames = frames(event.getStackTrace());
      if (inBatch(frames)) {
        inBatch++;
        byWork.merge(Work.of(frames), 1, Integer::sum);
        storeMethod(frames).ifPresent(m -> byStoreMethod.merge(m, 1, Integer::sum));
      }
    }
    System.out.printf("%s: %d samples (%s)%n", file, samples, String.join(", ", kinds));
    System.out.println("by thread:");
    print(byThread, samples, g -> g.label);
    System.out.printf(
        "inside the store's write batches (JdbcStore.commitBatch): %d, %.0f%% of all%n",
        inBatch, percent(inBatch, samples));
    System.out.println("  by what the write was (share of the batches' samples):");
    print(byWork, inBatch, w -> w.label);
    System.out.println("  by the innermost store method (top 12):");
    Map<String, Integer> top =
        byStoreMethod.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(12)
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    print(top, inBatch, Function.identity());
  }

  private static <K> void print(Map<K, Integer> counts, int of, Function<K, String> label) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<K, Integer>comparingByValue().reversed())
        .forEach(
            e ->
                System.out.printf(
                    "    %6d  %3.0f%%  %s%n",
                    e.getValue(), percent(e.getValue(), of), label.apply(e.getKey())));
  }

  private static double percent(double part, double whole) {
    return whole == 0 ? 0 : 100 * part / whole;
  }

  private static String threadName(RecordedEvent event) {
    RecordedThread thread =
        event.hasField("eventThread")
            ? event.getThread("eventThread")
            : event.hasField("sampledThread") ? event.getThread("sampledThread") : null;
    if (thread == null) {
      return "";
    }
    String name = thread.getJavaName();
    return name != null ? name : thread.getOSName();
  }

  private static List<String> frames(RecordedStackTrace stack) {
    List<String> frames = new ArrayList<>();
    if (stack != null) {
      for (RecordedFrame frame : stack.getFrames()) {
        frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
      }
    }
    return frames;
  }
}
