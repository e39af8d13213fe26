package dev.junction.server.audit;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import dev.junction.core.audit.Audit;
import dev.junction.core.audit.AuditEvent;
import dev.junction.core.store.StoreUnavailable;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the audit log, once its response is sent, every request that changed or tried to
 * change something, and every request that was denied: not authenticated (401, UNAUTHENTICATED),
 * not allowed (403, PERMISSION_DENIED), or refused by the core as not found for its caller. Reads
 * that succeed are not recorded. A request whose record was committed with its change ({@link
 * RequestTrail#answersWithTheOperation}) is not recorded again, unless its answer says otherwise
 * than that record (then both stand).
 */
public final class AuditDecorator extends SimpleDecoratingHttpService {
  private static final Logger log = LoggerFactory.getLogger(AuditDecorator.class);

  private final Audit audit;
  private final InstantSource clock;

  private AuditDecorator(HttpService delegate, Audit audit, InstantSource clock) {
    super(delegate);
    this.audit = requireNonNull(audit, "audit");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Returns a decorator that audits requests into {@code audit}. */
  public static Function<? super HttpService, AuditDecorator> newDecorator(
      Audit audit, InstantSource clock) {
    return delegate -> new AuditDecorator(delegate, audit, clock);
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
    boolean grpc = isGrpc(req);
    RequestTrail.of(ctx);
    ctx.log().whenComplete().thenAccept(done -> record(ctx, done, grpc));
    return unwrap().serve(ctx, req);
  }

  /**
   * Decides, on the thread that completed the request, whether it goes in the log, and writes it
   * off the event loop if so: most requests are reads that succeed, which cost no extra hop.
   */
  private void record(ServiceRequestContext ctx, RequestLog done, boolean grpc) {
    try {
      int httpStatus = done.responseHeaders().status().code();
      int grpcStatus = grpc ? grpcStatus(done) : 0;
      RequestTrail trail = RequestTrail.of(ctx);
      Optional<String> denial = trail.firstDenial();
      boolean unauthenticated = httpStatus == 401 || grpcStatus == 16;
      boolean forbidden = httpStatus == 403 || grpcStatus == 7;
      boolean denied = unauthenticated || forbidden || denial.isPresent();
      if (!denied && !isMutation(ctx, grpc)) {
        return;
      }
      // A console form that succeeded answers 303 to the page to show next (post, redirect, get).
      boolean ok = (httpStatus / 100 == 2 || httpStatus == 303) && grpcStatus == 0;
      String status = grpc ? "grpc-status " + grpcStatus : "HTTP " + httpStatus;
      String outcome =
          unauthenticated
              ? "denied: unauthenticated"
              : denied ? "denied: " + denial.orElse(status) : ok ? "ok" : "failed: " + status;
      String touched = trail.touchedResources();
      AuditEvent event =
          RequestTrail.event(
              ctx,
              clock.instant(),
              touched.isEmpty()
                  ? denial.map(d -> d.substring(d.indexOf(' ') + 1)).orElse("")
                  : touched,
              outcome);
      if (trail.committedRecord().filter(committed -> sameButTime(committed, event)).isPresent()) {
        // Recorded in the change's own transaction, and the answer said what the record says.
        return;
      }
      ctx.blockingTaskExecutor().execute(() -> write(ctx, event));
    } catch (RuntimeException e) {
      log.error("Could not record request {} in the audit log", ctx.id().text(), e);
    }
  }

  private void write(ServiceRequestContext ctx, AuditEvent event) {
    try {
      audit.record(event);
    } catch (StoreUnavailable e) {
      log.warn(
          "Could not record request {} in the audit log: the database cannot be reached",
          ctx.id().text());
    } catch (RuntimeException e) {
      log.error("Could not record request {} in the audit log", ctx.id().text(), e);
    }
  }

  /** Returns whether two records say the same but for when they were made. */
  private static boolean sameButTime(AuditEvent a, AuditEvent b) {
    return a.equals(
        new AuditEvent(
            a.at(),
            b.principal(),
            b.tenant(),
            b.action(),
            b.resource(),
            b.requestId(),
            b.source(),
            b.outcome()));
  }

  private static boolean isGrpc(HttpRequest req) {
    MediaType type = req.contentType();
    return type != null && type.subtype().startsWith("grpc");
  }

  /** Returns whether a request asks for a change: any non-GET, any gRPC call but a read. */
  private static boolean isMutation(ServiceRequestContext ctx, boolean grpc) {
    if (grpc) {
      String method = ctx.path().substring(ctx.path().lastIndexOf('/') + 1);
      return !(method.startsWith("Get")
          || method.startsWith("List")
          || method.startsWith("BatchGet")
          || method.startsWith("ServerReflection"));
    }
    return (ctx.method() != HttpMethod.GET && ctx.method() != HttpMethod.HEAD)
        || ctx.path().endsWith(":cancel");
  }

  private static int grpcStatus(RequestLog done) {
    String status = done.responseTrailers().get("grpc-status");
    if (status == null) {
      status = done.responseHeaders().get("grpc-status");
    }
    try {
      return status == null ? 0 : Integer.parseInt(status);
    } catch (NumberFormatException e) {
      return 2;
    }
  }
}
