package dev.junction.bench.suite;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's CPU time per request of each P1 call, split by the server's threads: the request
 * threads (Armeria's event loops and blocking pool, {@code armeria-common-*}), the JIT compilers,
 * the garbage collector, and the rest (the routers' agents, timers, a recording). On a machine
 * shared with other work the request threads' CPU per request moves far less than a rate, or than
 * the whole process's CPU per request, which a slow rate inflates with the background threads'
 * fixed cost. Also counts the request threads' voluntary context switches per request: a hop from
 * one thread to another that finds it asleep costs one.
 *
 * <p>Run under {@code bench/profile-reads.sh} (which sets PORT, PID, TOKEN and ID), by {@code
 * bench/read-threads.sh}. Each call: a warm-up of the first argument's seconds (default 20), then a
 * measured run of the second's (default 10), 50 calls in flight.
 */
public final class ThreadCost {
  private static final int CONCURRENCY = ReadFigures.CONCURRENCY;

  private ThreadCost() {}

  /** CPU ticks and voluntary context switches of the server's threads, by group. */
  private record Sample(Map<String, Long> ticks, long switches) {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv("PORT"));
    long pid = Long.parseLong(System.getenv("PID"));
    String token = System.getenv("TOKEN");
    String id = System.getenv("ID");
    Duration warmUp = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 20);
    Duration measured = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
    String only = args.length > 2 ? args[2] : "";
    try (Clients clients = new Clients(port, port, token, Clients.READ_CONNECTIONS)) {
      Map<String, Load.Call> calls = new LinkedHashMap<>();
      calls.put("healthz", clients.anonymousGet("/healthz"));
      calls.put("whoami", clients.get("/junction/v1/whoami"));
      calls.put("rest-get", clients.get("/cic/v1/privateConnections/" + id));
      calls.put("grpc-health", clients.grpcHealth());
      calls.put("grpc-get", clients.grpcGet(id));
      System.out.printf(
          "%-12s %9s %9s %9s %7s %7s %7s %9s%n",
          "call", "req/s", "server", "requests", "jit", "gc", "other", "switches");
      System.out.printf(
          "%-12s %9s %9s %9s %7s %7s %7s %9s%n",
          "", "", "us/req", "us/req", "us/req", "us/req", "us/req", "per req");
      for (Map.Entry<String, Load.Call> call : calls.entrySet()) {
        if (!only.isEmpty() && !only.contains(call.getKey())) {
          continue;
        }
        Load.closed(call.getValue(), CONCURRENCY, warmUp);
        Sample before = sample(pid);
        Load.Result result = Load.closed(call.getValue(), CONCURRENCY, measured);
        Sample after = sample(pid);
        long ok = Math.max(1, result.ok());
        Map<String, Double> micros = new LinkedHashMap<>();
        double total = 0;
        for (String group : after.ticks().keySet()) {
          double us =
              (after.ticks().get(group) - before.ticks().getOrDefault(group, 0L))
                  * 1_000_000.0
                  / ProcThreads.TICKS_PER_SECOND
                  / ok;
          micros.put(group, us);
          total += us;
        }
        System.out.printf(
            "%-12s %9.0f %9.1f %9.1f %7.1f %7.1f %7.1f %9.2f%s%n",
            call.getKey(),
            result.perSecond(),
            total,
            micros.getOrDefault("requests", 0.0),
            micros.getOrDefault("jit", 0.0),
            micros.getOrDefault("gc", 0.0),
            micros.getOrDefault("other", 0.0),
            (after.switches() - before.switches()) / (double) ok,
            result.clean() ? "" : "  (" + result.problems() + ")");
      }
    }
  }

  /**
   * Reads every thread of {@code pid}: its CPU ticks by group, and the request threads' switches.
   */
  private static Sample sample(long pid) throws IOException {
    Map<String, Long> ticks = new LinkedHashMap<>();
    for (String group : new String[] {"requests", "jit", "gc", "other"}) {
      ticks.put(group, 0L);
    }
    long switches = 0;
    for (ProcThreads.Thread thread : ProcThreads.of(pid)) {
      String group = groupOf(thread.name());
      ticks.merge(group, thread.ticks(), Long::sum);
      if (group.equals("requests")) {
        try {
          switches += thread.voluntarySwitches();
        } catch (IOException gone) {
          // the thread ended meanwhile
        }
      }
    }
    return new Sample(ticks, switches);
  }

  private static String groupOf(String thread) {
    if (thread.startsWith("armeria-common")) {
      return "requests";
    }
    if (ProcThreads.isCompiler(thread)) {
      return "jit";
    }
    if (thread.startsWith("GC Thread")
        || thread.startsWith("G1 ")
        || thread.equals("VM Thread")
        || thread.startsWith("VM Periodic")) {
      return "gc";
    }
    return "other";
  }
}
