package dev.junction.api.cloudflare;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.core.operation.Operation;
import dev.junction.core.operation.OperationWaiter;
import dev.junction.core.problem.ProblemException;
import dev.junction.core.store.ReadTx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers a change once the network has carried it out, as this API (which has no operations)
 * promises, without holding a thread meanwhile: the request's blocking thread writes the change and
 * returns, the {@link OperationWaiter} completes a future when the change's operation is done, and
 * a blocking thread then reads the answer.
 *
 * <p>Every wait of one request shares one deadline, {@code wait} after it started. A change the
 * network has not finished by then is answered with code 1010 and {@code x-should-retry: false}: it
 * was accepted and is still being applied, so sending it again would only conflict with it. A
 * change that had to wait for an earlier one on the same resource, which did not finish in time,
 * changed nothing, and is answered as a race (1006, which the SDKs retry).
 */
final class ChangeWaits {
  private final OperationWaiter waiter;
  private final Duration wait;

  ChangeWaits(OperationWaiter waiter, Duration wait) {
    this.waiter = requireNonNull(waiter, "waiter");
    this.wait = requireNonNull(wait, "wait");
    if (wait.isNegative() || wait.isZero()) {
      throw new IllegalArgumentException("wait: " + wait + " (expected: > 0)");
    }
  }

  /**
   * What a request changes and how its answer is told.
   *
   * @param noun what is changed, as the API names it
   * @param resourceId the resource, if it exists before the change
   * @param whereToLook says how to see the submitted change's outcome
   * @param settledFirst tells, in a read, whether the resource is no longer changing (absent if the
   *     change need not wait for that)
   */
  record Change(
      String noun,
      String resourceId,
      Function<Operation, String> whereToLook,
      Optional<Function<ReadTx, Optional<Boolean>>> settledFirst,
      Supplier<Operation> submit,
      Function<Operation, HttpResponse> answer) {
    Change {
      requireNonNull(noun, "noun");
      requireNonNull(resourceId, "resourceId");
      requireNonNull(whereToLook, "whereToLook");
      requireNonNull(settledFirst, "settledFirst");
      requireNonNull(submit, "submit");
      requireNonNull(answer, "answer");
    }
  }

  /**
   * Answers {@code change}: once the resource has settled (if it must first), submits it on a
   * blocking thread, waits for its operation and answers it on a blocking thread; a failed
   * operation is answered with its error. {@code failure} answers whatever a later step throws;
   * must be called on a blocking thread, and a change that needs no wait first is submitted before
   * this returns (what that throws is thrown here).
   */
  HttpResponse answer(
      ServiceRequestContext ctx, Change change, Function<Throwable, HttpResponse> failure) {
    long deadline = System.nanoTime() + wait.toNanos();
    Executor blocking = ctx.blockingTaskExecutor();
    CompletableFuture<Boolean> settled =
        change
            .settledFirst()
            .map(
                check ->
                    bounded(
                            waiter.until(change.noun() + ":" + change.resourceId(), check),
                            deadline)
                        .exceptionally(
                            e -> {
                              throw timedOut(e)
                                  ? new Answered(earlierStillRunning(change))
                                  : new CompletionException(unwrap(e));
                            }))
            .orElseGet(() -> CompletableFuture.completedFuture(true));
    // A change with nothing to wait for first is written on this (blocking) thread; what it
    // throws is the caller's to answer.
    CompletableFuture<Operation> submitted =
        change.settledFirst().isEmpty()
            ? CompletableFuture.completedFuture(change.submit().get())
            : settled.thenApplyAsync(ignored -> change.submit().get(), blocking);
    CompletableFuture<HttpResponse> answered =
        submitted
            .thenCompose(
                operation ->
                    bounded(waiter.done(operation), deadline)
                        .exceptionally(
                            e -> {
                              throw timedOut(e)
                                  ? new Answered(stillApplying(change, operation))
                                  : new CompletionException(unwrap(e));
                            }))
            .thenApplyAsync(
                done -> {
                  if (done.error().isPresent()) {
                    throw new ProblemException(done.error().get());
                  }
                  return change.answer().apply(done);
                },
                blocking)
            .exceptionally(
                e -> {
                  Throwable cause = unwrap(e);
                  return cause instanceof Answered answered1
                      ? answered1.response
                      : failure.apply(cause);
                });
    return HttpResponse.of(answered);
  }

  private static <T> CompletableFuture<T> bounded(CompletableFuture<T> future, long deadline) {
    long left = Math.max(1, deadline - System.nanoTime());
    return future.orTimeout(left, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private static boolean timedOut(Throwable e) {
    return unwrap(e) instanceof TimeoutException;
  }

  static Throwable unwrap(Throwable e) {
    Throwable cause = e;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private HttpResponse stillApplying(Change change, Operation operation) {
    return CloudflareErrors.stillApplying(
        "the "
            + change.noun()
            + " change was accepted and the network is still applying it after "
            + wait.toSeconds()
            + " s; do not send it again: "
            + change.whereToLook().apply(operation));
  }

  private HttpResponse earlierStillRunning(Change change) {
    return CloudflareErrors.error(
        HttpStatus.CONFLICT,
        CloudflareErrors.RACED,
        change.noun()
            + " "
            + change.resourceId()
            + " is still being changed by an earlier request after "
            + wait.toSeconds()
            + " s; nothing was changed: retry later");
  }

  /** Carries an answer that is already decided out of a chain of futures. */
  private static final class Answered extends RuntimeException {
    private final transient HttpResponse response;

    Answered(HttpResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }
}
