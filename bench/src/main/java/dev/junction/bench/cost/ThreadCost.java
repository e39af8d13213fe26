package dev.junction.bench.cost;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import dev.junction.api.yandex.cic.v1.GetPrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.PrivateConnectionServiceGrpc;
import dev.junction.bench.suite.Load;
import dev.junction.bench.suite.Load.Answer;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
  private static final int CONCURRENCY = 50;
  private static final long TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/<pid>/stat

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
    ClientFactory factory = ClientFactory.builder().build();
    try {
      String base = "http://127.0.0.1:" + port;
      WebClient anonymous = WebClient.builder(base).factory(factory).build();
      WebClient authenticated =
          WebClient.builder(base)
              .factory(factory)
              .addHeader("authorization", "Bearer " + token)
              .build();
      var connections =
          GrpcClients.builder(base)
              .factory(factory)
              .addHeader("authorization", "Bearer " + token)
              .build(PrivateConnectionServiceGrpc.PrivateConnectionServiceFutureStub.class);
      var health =
          GrpcClients.builder(base).factory(factory).build(HealthGrpc.HealthFutureStub.class);
      GetPrivateConnectionRequest get =
          GetPrivateConnectionRequest.newBuilder().setPrivateConnectionId(id).build();
      Map<String, Load.Call> calls = new LinkedHashMap<>();
      calls.put("healthz", () -> answer(anonymous.get("/healthz").aggregate()));
      calls.put("whoami", () -> answer(authenticated.get("/junction/v1/whoami").aggregate()));
      calls.put(
          "rest-get",
          () -> answer(authenticated.get("/cic/v1/privateConnections/" + id).aggregate()));
      calls.put("grpc-health", () -> answer(health.check(HealthCheckRequest.getDefaultInstance())));
      calls.put("grpc-get", () -> answer(connections.get(get)));
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
                  / TICKS_PER_SECOND
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
    } finally {
      factory.close();
    }
  }

  /** Reads every thread of {@code pid}: its name, CPU ticks and context switches. */
  private static Sample sample(long pid) throws IOException {
    Map<String, Long> ticks = new LinkedHashMap<>();
    for (String group : new String[] {"requests", "jit", "gc", "other"}) {
      ticks.put(group, 0L);
    }
    long switches = 0;
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        String stat;
        String status;
        try {
          stat = Files.readString(task.resolve("stat"));
          status = Files.readString(task.resolve("status"));
        } catch (IOException gone) {
          continue; // the thread ended meanwhile
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        String group = groupOf(name);
        ticks.merge(group, used, Long::sum);
        if (group.equals("requests")) {
          for (String line : status.split("\n")) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
              switches += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
          }
        }
      }
    }
    return new Sample(ticks, switches);
  }

  private static String groupOf(String thread) {
    if (thread.startsWith("armeria-common")) {
      return "requests";
    }
    if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
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

  private static CompletableFuture<Answer> answer(
      CompletableFuture<AggregatedHttpResponse> response) {
    return response.handle(
        (r, failure) -> {
          if (failure != null) {
            return Answer.error(failure.toString());
          }
          int code = r.status().code();
          return code >= 200 && code < 300 ? Answer.ok() : Answer.refused("HTTP " + code);
        });
  }

  private static <T> CompletableFuture<Answer> answer(ListenableFuture<T> call) {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    Futures.addCallback(
        call,
        new FutureCallback<T>() {
          @Override
          public void onSuccess(T result) {
            answer.complete(Answer.ok());
          }

          @Override
          public void onFailure(Throwable failure) {
            Status status = Status.fromThrowable(failure);
            answer.complete(
                status.getCode() == Status.Code.UNKNOWN
                    ? Answer.error(failure.toString())
                    : Answer.refused("gRPC " + status.getCode()));
          }
        },
        MoreExecutors.directExecutor());
    return answer;
  }
}
