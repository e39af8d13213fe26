package dev.junction.api.yandex;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.GrpcHealthCheckService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import dev.junction.api.yandex.cic.v1.CreatePrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.PartnerServiceProto;
import dev.junction.api.yandex.cic.v1.PointOfPresenceServiceProto;
import dev.junction.api.yandex.cic.v1.PrivateConnectionServiceProto;
import dev.junction.api.yandex.cic.v1.PublicConnectionServiceProto;
import dev.junction.api.yandex.cic.v1.TrunkConnectionServiceProto;
import dev.junction.api.yandex.cic.v1.TrunkConnectionTicketServiceProto;
import dev.junction.api.yandex.cic.v1.UpdatePrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.UpdateTrunkConnectionRequest;
import dev.junction.api.yandex.endpoint.ApiEndpointServiceProto;
import dev.junction.api.yandex.operation.Operation;
import dev.junction.api.yandex.operation.OperationServiceProto;
import dev.junction.api.yandex.rest.RestTranscoder;
import dev.junction.core.UseCases;
import dev.junction.core.access.Caller;
import io.grpc.BindableService;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Yandex Cloud Interconnect v1 dialect on one Armeria server: every gRPC service of {@code
 * yandex.cloud.cic.v1}, {@code yandex.cloud.operation.OperationService} and {@code
 * yandex.cloud.endpoint.ApiEndpointService}, and their REST transcoding on the same port; and the
 * standard {@code grpc.health.v1.Health}, which needs no credentials.
 */
public final class YandexDialect {
  private static final Set<String> LEGACY_PEERING =
      Set.of(
          "regionId",
          "region_id",
          "ipv4Peering.cloudBgpAsn",
          "ipv4Peering.cloud_bgp_asn",
          "ipv4_peering.cloudBgpAsn",
          "ipv4_peering.cloud_bgp_asn");

  /** JSON fields of old clients that are accepted and dropped, by request type. */
  private static final Map<String, Set<String>> LEGACY_JSON_FIELDS =
      Map.of(
          CreatePrivateConnectionRequest.getDescriptor().getFullName(), LEGACY_PEERING,
          UpdatePrivateConnectionRequest.getDescriptor().getFullName(), LEGACY_PEERING,
          UpdateTrunkConnectionRequest.getDescriptor().getFullName(),
              Set.of(
                  "regionId",
                  "region_id",
                  "capacity",
                  "pointOfPresenceId",
                  "point_of_presence_id"));

  private final List<BindableService> services;

  /**
   * @param callers returns the caller of the request being served: who, and what it may do
   * @param publicAddress the gRPC address to advertise, empty for the one clients dialled
   */
  public YandexDialect(
      UseCases useCases, Function<ServiceRequestContext, Caller> callers, String publicAddress) {
    requireNonNull(useCases, "useCases");
    Callers current = new Callers(callers);
    OperationWire operations = new OperationWire(useCases, current);
    this.services =
        List.of(
            new PrivateConnectionService(useCases, current, operations),
            new TrunkConnectionService(useCases, current, operations),
            new PublicConnectionService(useCases, current, operations),
            new TrunkConnectionTicketService(useCases, current, operations),
            new CatalogueServices.Partners(useCases.catalogue()),
            new CatalogueServices.PointsOfPresence(useCases.catalogue()),
            new OperationService(useCases.operations(), current, operations),
            new ApiEndpointService(publicAddress));
  }

  /**
   * Adds the gRPC services and the REST routes to {@code sb}, behind {@code authentication}. A gRPC
   * request message may be at most {@code maxMessageBytes} long; a larger one is answered
   * RESOURCE_EXHAUSTED with the limit. With {@code readsInPlace}, a read (a method whose HTTP rule
   * is a GET) runs on the event loop that took the request instead of the blocking pool: only for a
   * store whose reads never wait there (the embedded store).
   */
  public void configure(
      ServerBuilder sb,
      Function<? super HttpService, ? extends HttpService> authentication,
      int maxMessageBytes,
      boolean readsInPlace) {
    GrpcServiceBuilder builder = GrpcService.builder();
    services.forEach(
        service -> builder.addService(UnaryOnBlockingPool.intercept(service, readsInPlace)));
    GrpcService grpc =
        builder
            // Only v1: Armeria serves one reflection service, and the generic clients (buf curl,
            // grpcurl) ask v1 first.
            .addService(ProtoReflectionServiceV1.newInstance())
            // Listed here so that reflection shows it; served by `health` below.
            .addService(GrpcHealthCheckService.builder().build())
            .exceptionHandler(new GrpcErrors(maxMessageBytes))
            .jsonMarshallerFactory(LazyJsonMarshaller::of)
            .maxRequestMessageLength(maxMessageBytes)
            // Not useBlockingTaskExecutor: every method of the services above is unary and goes to
            // the blocking pool in one hop, or stays on the event loop if it is a read that may
            // (UnaryOnBlockingPool); reflection, a stream, reads no store and stays there too.
            .build();
    // The standard health service, for load balancers: without credentials, on the event loop
    // (it reads no store). SERVING while the server takes requests, NOT_SERVING once it stops.
    GrpcService health =
        GrpcService.builder()
            .addService(GrpcHealthCheckService.builder().build())
            .exceptionHandler(new GrpcErrors(maxMessageBytes))
            .maxRequestMessageLength(maxMessageBytes)
            .build();
    GrpcFrames frames = new GrpcFrames(maxMessageBytes);
    HttpService guarded = authentication.apply(grpc.decorate(frames));
    HttpService open = health.decorate(frames);
    // No HTTP body limit on the gRPC routes: GrpcFrames (unary calls) and the deframer (streams)
    // enforce maxMessageBytes and answer RESOURCE_EXHAUSTED, where the HTTP limit would answer a
    // bare 413 that gRPC clients cannot read.
    Set<String> healthPaths = new HashSet<>();
    for (Route route : health.routes()) {
      healthPaths.add(route.patternString());
      sb.route().addRoute(route).maxRequestLength(0).build(open);
    }
    for (Route route : grpc.routes()) {
      if (!healthPaths.contains(route.patternString())) {
        sb.route().addRoute(route).maxRequestLength(0).build(guarded);
      }
    }
    // A gRPC call to a method no service has is UNIMPLEMENTED, as gRPC servers answer it, not a
    // bare HTTP 404 (which gRPC clients report as UNIMPLEMENTED with no reason).
    HttpService unimplemented =
        (ctx, req) ->
            GrpcAnswers.afterBody(
                req,
                Code.UNIMPLEMENTED,
                "unknown method "
                    + (ctx.path().length() > 200
                        ? ctx.path().substring(0, 200) + "..."
                        : ctx.path()));
    // The route matches gRPC content types only by a header predicate: a "consumes" condition
    // would make every other request to an unknown path a 415 instead of its API's 404.
    sb.route()
        .pathPrefix("/")
        .matchesHeaders("content-type", GrpcFrames::isGrpc)
        .build(authentication.apply(unimplemented));

    RestTranscoder rest =
        RestTranscoder.of(
            services.stream().map(BindableService::bindService).toList(),
            typeRegistry(),
            Set.of(Operation.getDescriptor().findFieldByName("done")),
            YandexErrors::toStatus,
            LEGACY_JSON_FIELDS,
            readsInPlace);
    HttpService restService = rest.decorate(authentication);
    for (String prefix : rest.pathPrefixes()) {
      sb.service(prefix, restService);
      sb.service(Route.builder().pathPrefix(prefix + "/").build(), restService);
    }
  }

  /**
   * Returns the protobuf descriptors of the services this dialect serves over gRPC, whose {@code
   * google.api.http} rules are its REST routes: what its documentation is made from.
   */
  public List<ServiceDescriptor> serviceDescriptors() {
    return services.stream()
        .map(service -> service.bindService().getServiceDescriptor().getSchemaDescriptor())
        .filter(ProtoServiceDescriptorSupplier.class::isInstance)
        .map(schema -> ((ProtoServiceDescriptorSupplier) schema).getServiceDescriptor())
        .toList();
  }

  /**
   * Loads and initialises what {@link #configure} needs that does not depend on the store: the
   * protobuf descriptors, the JSON printer and parser, and Armeria's gRPC service machinery. A
   * server calls it on another thread while its store opens, so that the two overlap on start.
   */
  public static void prepare() {
    JsonFormat.TypeRegistry registry = typeRegistry();
    JsonFormat.printer().usingTypeRegistry(registry);
    JsonFormat.parser().usingTypeRegistry(registry);
    GrpcService.builder()
        .addService(ProtoReflectionServiceV1.newInstance())
        .addService(GrpcHealthCheckService.builder().build())
        .exceptionHandler(new GrpcErrors(1))
        .build();
  }

  /** Answers a request that failed authentication: UNAUTHENTICATED over gRPC, 401 over REST. */
  public HttpResponse unauthenticated(ServiceRequestContext ctx, HttpRequest req, String message) {
    return refuse(req, Code.UNAUTHENTICATED, HttpStatus.UNAUTHORIZED, message);
  }

  /**
   * Answers a request whose credentials could not be checked because the store is out of reach:
   * UNAVAILABLE over gRPC, 503 over REST.
   */
  public HttpResponse unavailable(ServiceRequestContext ctx, HttpRequest req, String message) {
    return refuse(req, Code.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE, message);
  }

  /**
   * Answers a request over its credential's rate: RESOURCE_EXHAUSTED over gRPC, 429 over REST (the
   * server adds {@code Retry-After}).
   */
  public HttpResponse rateLimited(ServiceRequestContext ctx, HttpRequest req, String message) {
    return refuse(req, Code.RESOURCE_EXHAUSTED, HttpStatus.TOO_MANY_REQUESTS, message);
  }

  private static HttpResponse refuse(
      HttpRequest req, Code code, HttpStatus restStatus, String message) {
    MediaType contentType = req.contentType();
    if (contentType != null && contentType.subtype().startsWith("grpc")) {
      return HttpResponse.of(
          ResponseHeaders.builder(HttpStatus.OK)
              .contentType(contentType)
              .add("grpc-status", Integer.toString(code.getNumber()))
              .add(
                  "grpc-message",
                  URLEncoder.encode(message, StandardCharsets.UTF_8).replace("+", "%20"))
              .build());
    }
    String body =
        "{\"code\":"
            + code.getNumber()
            + ",\"message\":\""
            + message.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\",\"details\":[]}";
    return HttpResponse.of(restStatus, MediaType.JSON_UTF_8, body);
  }

  /** Returns every message type an {@code Any} of this dialect may hold. */
  private static JsonFormat.TypeRegistry typeRegistry() {
    JsonFormat.TypeRegistry.Builder registry = JsonFormat.TypeRegistry.newBuilder();
    for (FileDescriptor file :
        List.of(
            PrivateConnectionServiceProto.getDescriptor(),
            TrunkConnectionServiceProto.getDescriptor(),
            PublicConnectionServiceProto.getDescriptor(),
            TrunkConnectionTicketServiceProto.getDescriptor(),
            PartnerServiceProto.getDescriptor(),
            PointOfPresenceServiceProto.getDescriptor(),
            OperationServiceProto.getDescriptor(),
            ApiEndpointServiceProto.getDescriptor(),
            com.google.rpc.ErrorDetailsProto.getDescriptor(),
            com.google.protobuf.EmptyProto.getDescriptor())) {
      file.getMessageTypes().forEach(registry::add);
      file.getDependencies()
          .forEach(dependency -> dependency.getMessageTypes().forEach(registry::add));
    }
    return registry.build();
  }
}
