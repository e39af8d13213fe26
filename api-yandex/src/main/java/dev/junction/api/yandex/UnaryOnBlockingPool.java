package dev.junction.api.yandex;

import com.google.api.AnnotationsProto;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a unary call's method on the blocking pool in one hop: the call starts and takes its one
 * request message on the event loop (where the gRPC stub only keeps it), and the half-close, which
 * runs the method (and its store read), goes to the request's blocking executor, followed there by
 * whatever the call hears after it. A read (a method whose HTTP rule is a GET) stays on the event
 * loop instead when the store's reads may run there: the embedded store's, which read a local file
 * on a connection the event loop keeps for itself (docs/performance.md, "P1: reads where the
 * request is"). Armeria's {@code useBlockingTaskExecutor} instead hands each callback (start,
 * message, half-close) to the blocking pool as it comes, which woke a sleeping thread about twice
 * per call (docs/performance.md, "P1: a warm profile of the three paths"). A method that throws
 * closes its call with the status of the service's exception handler, as Armeria does. Only
 * services whose methods are all unary can be wrapped.
 */
final class UnaryOnBlockingPool implements ServerInterceptor {
  /** The full names of the methods that run on the event loop. */
  private final Set<String> inPlace;

  private UnaryOnBlockingPool(Set<String> inPlace) {
    this.inPlace = inPlace;
  }

  /**
   * Returns {@code service} with each call's method on the blocking pool, but for its reads when
   * {@code readsInPlace}.
   *
   * @throws IllegalArgumentException if a method of the service is not unary
   */
  static ServerServiceDefinition intercept(BindableService service, boolean readsInPlace) {
    ServerServiceDefinition definition = service.bindService();
    Set<String> inPlace = new HashSet<>();
    for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
      MethodDescriptor<?, ?> descriptor = method.getMethodDescriptor();
      if (descriptor.getType() != MethodDescriptor.MethodType.UNARY) {
        throw new IllegalArgumentException("not a unary method: " + descriptor.getFullMethodName());
      }
      if (readsInPlace && isRead(descriptor)) {
        inPlace.add(descriptor.getFullMethodName());
      }
    }
    return ServerInterceptors.intercept(definition, new UnaryOnBlockingPool(Set.copyOf(inPlace)));
  }

  /**
   * Returns whether {@code method} only reads: its HTTP rule (google.api.http), which the REST
   * routes follow too, is a GET.
   */
  static boolean isRead(MethodDescriptor<?, ?> method) {
    return method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier schema
        && schema.getMethodDescriptor().getOptions().getExtension(AnnotationsProto.http).hasGet();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (inPlace.contains(call.getMethodDescriptor().getFullMethodName())) {
      return next.startCall(call, headers);
    }
    Executor blocking = ServiceRequestContext.current().blockingTaskExecutor();
    return new Listener<>(call, next.startCall(call, headers), new Serial(blocking));
  }

  private static final class Listener<Q, R> extends ServerCall.Listener<Q> {
    private final ServerCall<Q, R> call;
    private final ServerCall.Listener<Q> delegate;
    private final Serial serial;
    private volatile boolean halfClosed;
    private volatile boolean cancelled;

    Listener(ServerCall<Q, R> call, ServerCall.Listener<Q> delegate, Serial serial) {
      this.call = call;
      this.delegate = delegate;
      this.serial = serial;
    }

    @Override
    public void onMessage(Q message) {
      delegate.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      halfClosed = true;
      serial.execute(
          () -> {
            if (cancelled) {
              return;
            }
            try {
              delegate.onHalfClose();
            } catch (RuntimeException | Error e) {
              Metadata trailers = Status.trailersFromThrowable(e);
              call.close(
                  Status.fromThrowable(e).withCause(e),
                  trailers == null ? new Metadata() : trailers);
            }
          });
    }

    @Override
    public void onCancel() {
      cancelled = true;
      after(delegate::onCancel);
    }

    @Override
    public void onComplete() {
      after(delegate::onComplete);
    }

    @Override
    public void onReady() {
      after(delegate::onReady);
    }

    /** Runs {@code callback} in order after the half-close, or at once if none came yet. */
    private void after(Runnable callback) {
      if (halfClosed) {
        serial.execute(callback);
      } else {
        callback.run();
      }
    }
  }

  /** Runs tasks one at a time, in order, on an executor: at most one of its threads at once. */
  private static final class Serial implements Executor {
    private final Executor executor;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    Serial(Executor executor) {
      this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
      if (running.compareAndSet(false, true)) {
        executor.execute(this::drain);
      }
    }

    private void drain() {
      do {
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
        running.set(false);
      } while (!tasks.isEmpty() && running.compareAndSet(false, true));
    }
  }
}
