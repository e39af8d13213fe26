package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.core.config.CoreConfig;
import dev.junction.core.config.Quotas;
import dev.junction.core.resource.ResourceStatus;
import dev.junction.network.simulated.SimulatedTimings;
import dev.junction.server.config.JunctionConfig;
import dev.junction.server.config.NetworkSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * What the burst, admission and slow-router tests share: a configuration with a known router apply
 * time, change wait and admission bound, requests sent all at once, and a wait on the server's own
 * state.
 */
final class Bursts {
  private Bursts() {}

  /** One answer: status, headers and body, as the client saw them. */
  record Reply(int status, String contentType, String retryAfter, String shouldRetry, String body) {
    JsonNode json() {
      try {
        return RunningServer.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    /** Returns the Cloudflare error code of this answer. */
    int cloudflareCode() {
      return json().path("errors").path(0).path("code").asInt();
    }
  }

  /**
   * Returns the test configuration with routers that take {@code apply} to run a change, the
   * Cloudflare change wait {@code changeWait}, at most {@code maxUnfinished} operations, and room
   * for many interconnects and connections.
   */
  static UnaryOperator<JunctionConfig> tuned(
      Duration apply, Duration changeWait, int maxUnfinished) {
    return config -> {
      NetworkSettings network = config.network();
      CoreConfig core = config.core();
      SimulatedTimings timings = network.simulated();
      return config
          .withNetwork(
              new NetworkSettings(
                  network.defaults(),
                  new SimulatedTimings(apply, timings.linkUp(), timings.bgpEstablish()),
                  network.routers(),
                  network.agent(),
                  network.ownerLease(),
                  network.agentSilence()))
          .withCore(
              new CoreConfig(
                  new Quotas(1000, 1000, 5, 100),
                  core.cloudAsn(),
                  core.operationTimeout(),
                  core.networkPollInterval(),
                  core.ticketTtl(),
                  core.autoApproveTickets(),
                  core.p2pPool(),
                  core.agentSilence()))
          .withCni(config.cni().withChangeWait(changeWait))
          .withWorker(config.worker().withMaxUnfinished(maxUnfinished));
    };
  }

  /** Sends every request at once, each as the operator, and returns the answers in order. */
  static List<Reply> all(RunningServer server, String method, String path, List<String> bodies) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (String body : bodies) {
      sent.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(server.base() + path))
                  .timeout(Duration.ofSeconds(90))
                  .header("Authorization", "Bearer " + server.operatorToken())
                  .header("Content-Type", "application/json")
                  .method(method, HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    List<Reply> replies = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> each : sent) {
      HttpResponse<String> response = each.join();
      replies.add(
          new Reply(
              response.statusCode(),
              response.headers().firstValue("content-type").orElse(""),
              response.headers().firstValue("retry-after").orElse(""),
              response.headers().firstValue("x-should-retry").orElse(""),
              response.body()));
    }
    return replies;
  }

  /** Waits until {@code condition} holds, failing after {@code limit}. */
  static void until(String what, Duration limit, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(limit);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as(what).isBefore(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Returns how many operations the server's store holds unfinished. */
  static int unfinished(RunningServer server) {
    return server.server.components().store().read(tx -> tx.countUnfinishedOperations());
  }

  /** Returns the status of attachment {@code id} in the server's store, if it exists. */
  static java.util.Optional<ResourceStatus> attachmentStatus(RunningServer server, String id) {
    return server.server.components().store().read(tx -> tx.attachment(id)).map(a -> a.status());
  }
}
