package dev.junction.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's CPU time per request of each P1 call, for {@code bench/read-cost.sh} under {@code
 * bench/profile-reads.sh}: on a machine shared with other work, the CPU time the server's process
 * spent per answered request (from {@code /proc/<pid>/stat}) moves less than its rate does. Each
 * call runs in a closed loop of {@value ReadFigures#CONCURRENCY} after a warm-up of 3 s; the output
 * is one line per call: requests per second, and server CPU microseconds per request.
 *
 * <p>Reads PORT (REST and gRPC on one port), PID, TOKEN and ID (a private connection) from the
 * environment, and the seconds of each run from its first argument (default 10).
 */
public final class ReadCost {
  private ReadCost() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv("PORT"));
    long pid = Long.parseLong(System.getenv("PID"));
    String token = System.getenv("TOKEN");
    String id = System.getenv("ID");
    Duration duration = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
    long ticksPerSecond = 100; // USER_HZ, the unit of /proc/<pid>/stat on Linux
    try (Clients clients = new Clients(port, port, token, Clients.READ_CONNECTIONS)) {
      Map<String, Load.Call> calls = new LinkedHashMap<>();
      calls.put("GET /healthz", clients.anonymousGet("/healthz"));
      calls.put("GET /junction/v1/whoami", clients.get("/junction/v1/whoami"));
      calls.put(
          "REST GET privateConnections/{id}", clients.get("/cic/v1/privateConnections/" + id));
      calls.put("gRPC Health/Check", clients.grpcHealth());
      calls.put("gRPC PrivateConnectionService/Get", clients.grpcGet(id));
      for (Map.Entry<String, Load.Call> call : calls.entrySet()) {
        Load.closed(call.getValue(), ReadFigures.CONCURRENCY, Duration.ofSeconds(3));
        long before = cpuTicks(pid);
        Load.Result result = Load.closed(call.getValue(), ReadFigures.CONCURRENCY, duration);
        long ticks = cpuTicks(pid) - before;
        double micros = ticks * 1_000_000.0 / ticksPerSecond / Math.max(1, result.ok());
        System.out.printf(
            "%-36s %9.0f req/s %8.0f us CPU/request%s%n",
            call.getKey(),
            result.perSecond(),
            micros,
            result.clean() ? "" : "  (" + result.problems() + ")");
      }
    }
  }

  /** Returns the user and system time of process {@code pid}, in clock ticks. */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
