package dev.junction.api.yandex.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest.FieldViolation;
import com.google.rpc.Code;
import com.google.rpc.RequestInfo;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.StatusProto;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Serves the {@code google.api.http} rules of gRPC services as REST with proto3 JSON: it matches
 * the method and path, builds the request from the path, the query and the JSON body, calls the
 * service in this process, and answers 200 with the response as JSON, or the {@code
 * google.rpc.Status} of the failure as {@code {code, message, details}} with the matching HTTP
 * status. Input is read strictly ({@link StrictJson}): a body on a method without one, a query
 * parameter on a method whose request is its body, and a query parameter the request does not have
 * are refused with INVALID_ARGUMENT naming it, never ignored.
 */
public final class RestTranscoder implements HttpService {
  /**
   * The full name of the RPC a request was transcoded to ({@code
   * yandex.cloud.cic.v1.PrivateConnectionService/Get}), set once its method and path matched.
   */
  public static final AttributeKey<String> ROUTE =
      AttributeKey.valueOf(RestTranscoder.class, "route");

  private static final MediaType JSON_UTF8 = MediaType.JSON_UTF_8;

  private final List<Binding> bindings;
  private final JsonFormat.Parser parser;
  private final ProtoJsonWriter printer;
  private final Function<Throwable, com.google.rpc.Status> errors;
  private final Map<String, Set<String>> ignoredFields;
  private final boolean readsInPlace;

  private record Binding(
      HttpMethod httpMethod,
      PathTemplate path,
      String body,
      ServerMethodDefinition<?, ?> method,
      Message prototype) {}

  private RestTranscoder(
      List<Binding> bindings,
      JsonFormat.TypeRegistry registry,
      Set<FieldDescriptor> alwaysPrinted,
      Function<Throwable, com.google.rpc.Status> errors,
      Map<String, Set<String>> ignoredFields,
      boolean readsInPlace) {
    this.bindings = List.copyOf(bindings);
    this.parser = JsonFormat.parser().usingTypeRegistry(registry);
    this.printer = new ProtoJsonWriter(registry, alwaysPrinted);
    this.errors = requireNonNull(errors, "errors");
    this.ignoredFields = Map.copyOf(ignoredFields);
    this.readsInPlace = readsInPlace;
  }

  /**
   * Returns a transcoder for every method of {@code services} that has an HTTP rule.
   *
   * @param registry the message types {@code Any} fields may hold, for JSON {@code @type}
   * @param alwaysPrinted fields printed even when they hold their default value
   * @param errors turns what a service method threw into the status to answer
   * @param ignoredFields per request type (full name), top-level or dotted JSON fields that old
   *     clients still send and that are accepted and dropped
   * @param readsInPlace whether a GET runs its method on the event loop, where the request is,
   *     rather than on the blocking pool: only when the store's reads never wait there (the
   *     embedded store, whose event loops read on connections of their own)
   */
  public static RestTranscoder of(
      Collection<ServerServiceDefinition> services,
      JsonFormat.TypeRegistry registry,
      Set<FieldDescriptor> alwaysPrinted,
      Function<Throwable, com.google.rpc.Status> errors,
      Map<String, Set<String>> ignoredFields,
      boolean readsInPlace) {
    List<Binding> bindings = new ArrayList<>();
    for (ServerServiceDefinition service : services) {
      for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
        MethodDescriptor<?, ?> grpcMethod = method.getMethodDescriptor();
        if (!(grpcMethod.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier schema)) {
          continue;
        }
        var options = schema.getMethodDescriptor().getOptions();
        if (!options.hasExtension(AnnotationsProto.http)) {
          continue;
        }
        HttpRule rule = options.getExtension(AnnotationsProto.http);
        Message prototype =
            (Message)
                ((MethodDescriptor.PrototypeMarshaller<?>) grpcMethod.getRequestMarshaller())
                    .getMessagePrototype();
        bindings.add(binding(rule, method, prototype));
        for (HttpRule additional : rule.getAdditionalBindingsList()) {
          bindings.add(binding(additional, method, prototype));
        }
      }
    }
    // Paths with a custom verb first, so that /x/{id}:verb never reads as /x/{id}.
    bindings.sort((a, b) -> Boolean.compare(b.path.verb().isPresent(), a.path.verb().isPresent()));
    return new RestTranscoder(
        bindings, registry, alwaysPrinted, errors, ignoredFields, readsInPlace);
  }

  private static Binding binding(
      HttpRule rule, ServerMethodDefinition<?, ?> method, Message proto) {
    HttpMethod httpMethod;
    String path;
    switch (rule.getPatternCase()) {
      case GET -> {
        httpMethod = HttpMethod.GET;
        path = rule.getGet();
      }
      case POST -> {
        httpMethod = HttpMethod.POST;
        path = rule.getPost();
      }
      case PATCH -> {
        httpMethod = HttpMethod.PATCH;
        path = rule.getPatch();
      }
      case DELETE -> {
        httpMethod = HttpMethod.DELETE;
        path = rule.getDelete();
      }
      case PUT -> {
        httpMethod = HttpMethod.PUT;
        path = rule.getPut();
      }
      default ->
          throw new IllegalArgumentException(
              "unsupported HTTP rule on " + method.getMethodDescriptor().getFullMethodName());
    }
    return new Binding(httpMethod, PathTemplate.parse(path), rule.getBody(), method, proto);
  }

  /** Returns the paths this transcoder serves, for mounting: every distinct first segment. */
  public Set<String> pathPrefixes() {
    Set<String> prefixes = new java.util.TreeSet<>();
    for (Binding binding : bindings) {
      prefixes.add("/" + binding.path.segments().get(0));
    }
    return prefixes;
  }

  /**
   * Routes the request on the event loop, then runs its method: a read there too when reads run in
   * place, anything else on the blocking pool (a change waits for its commit).
   */
  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    return HttpResponse.of(req.aggregate().thenApply(request -> handle(ctx, request)));
  }

  private HttpResponse handle(ServiceRequestContext ctx, AggregatedHttpRequest request) {
    String path = ctx.path();
    String[] parts = PathTemplate.split(path);
    boolean pathKnown = false;
    for (Binding binding : bindings) {
      if (parts == null) {
        break;
      }
      Optional<Map<String, String>> variables = binding.path.match(parts);
      if (variables.isEmpty()) {
        continue;
      }
      pathKnown = true;
      if (binding.httpMethod == request.method()) {
        // Names the request after its RPC, as a gRPC call is named: the metrics and the request
        // log label it with this bounded name, never with the path.
        ctx.setAttr(ROUTE, binding.method.getMethodDescriptor().getFullMethodName());
        Map<String, String> values = variables.get();
        if (readsInPlace && binding.httpMethod == HttpMethod.GET) {
          return call(ctx, binding, values, request);
        }
        return HttpResponse.of(
            CompletableFuture.supplyAsync(
                () -> call(ctx, binding, values, request), ctx.blockingTaskExecutor()));
      }
    }
    if (pathKnown) {
      return error(
          ctx,
          status(Code.UNIMPLEMENTED, request.method() + " is not allowed on " + path),
          HttpStatus.METHOD_NOT_ALLOWED);
    }
    return error(ctx, status(Code.NOT_FOUND, "no API method at " + path), HttpStatus.NOT_FOUND);
  }

  private HttpResponse call(
      ServiceRequestContext ctx,
      Binding binding,
      Map<String, String> variables,
      AggregatedHttpRequest request) {
    Message message;
    try {
      message = buildRequest(ctx, binding, variables, request);
    } catch (BadRequest bad) {
      return error(ctx, invalid(bad.field(), bad.getMessage()));
    }
    com.google.rpc.Status failure;
    try {
      UnaryInvoker.Outcome outcome = UnaryInvoker.invoke(binding.method, message, new Metadata());
      if (outcome.status().isOk() && outcome.response() instanceof MessageOrBuilder response) {
        return HttpResponse.of(HttpStatus.OK, JSON_UTF8, print(response));
      }
      failure = StatusProto.fromStatusAndTrailers(outcome.status(), outcome.trailers());
    } catch (RuntimeException thrown) {
      failure = errors.apply(thrown);
    }
    return error(ctx, failure);
  }

  private Message buildRequest(
      ServiceRequestContext ctx,
      Binding binding,
      Map<String, String> variables,
      AggregatedHttpRequest request)
      throws BadRequest {
    Message.Builder builder = binding.prototype.newBuilderForType();
    String typeName = builder.getDescriptorForType().getFullName();
    Set<String> ignored = ignoredFields.getOrDefault(typeName, Set.of());
    if (!binding.body.isEmpty()) {
      if (!binding.body.equals("*")) {
        throw new IllegalStateException("only body \"*\" rules are supported: " + binding.path);
      }
      mergeBody(builder, request.content(), ignored);
    } else if (!request.content().isEmpty() && !request.content().toStringUtf8().isBlank()) {
      throw new BadRequest("body", request.method() + " " + ctx.path() + " takes no body");
    }
    QueryParams query = ctx.queryParams();
    for (String name : query.names()) {
      if (ignored.contains(name)) {
        continue;
      }
      if (variables.containsKey(name)) {
        throw new BadRequest(
            name, "\"" + name + "\" is given in the path; it cannot be a query parameter");
      }
      if (!binding.body.isEmpty()) {
        // body "*": every field comes from the body, so a query parameter would be ignored.
        throw new BadRequest(
            name,
            "\""
                + name
                + "\" is not a query parameter of "
                + request.method()
                + " "
                + ctx.path()
                + "; send fields in the JSON body");
      }
      QueryBinder.bind(builder, name, query.getAll(name));
    }
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      QueryBinder.bind(builder, variable.getKey(), List.of(variable.getValue()));
    }
    return builder.build();
  }

  private void mergeBody(Message.Builder builder, HttpData content, Set<String> ignored)
      throws BadRequest {
    String text = content.toStringUtf8();
    if (text.isBlank()) {
      return;
    }
    ObjectNode object = StrictJson.read(text, builder.getDescriptorForType(), ignored);
    try {
      parser.merge(object.toString(), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new BadRequest("body", firstLine(e.getMessage()));
    }
  }

  private String print(MessageOrBuilder message) {
    try {
      return printer.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getClass().getName(), e);
    }
  }

  private HttpResponse error(ServiceRequestContext ctx, com.google.rpc.Status status) {
    return error(ctx, status, httpStatus(status.getCode()));
  }

  private HttpResponse error(
      ServiceRequestContext ctx, com.google.rpc.Status status, HttpStatus httpStatus) {
    com.google.rpc.Status withRequest =
        status.toBuilder()
            .addDetails(Any.pack(RequestInfo.newBuilder().setRequestId(ctx.id().text()).build()))
            .build();
    ResponseHeadersBuilder headers =
        ResponseHeaders.builder(httpStatus).add("content-type", JSON_UTF8.toString());
    retryAfterSeconds(status).ifPresent(seconds -> headers.add("retry-after", seconds));
    return HttpResponse.of(headers.build(), HttpData.ofUtf8(print(withRequest)));
  }

  /** Returns the wait a {@code google.rpc.RetryInfo} detail asks for, in whole seconds. */
  private static java.util.Optional<String> retryAfterSeconds(com.google.rpc.Status status) {
    for (Any detail : status.getDetailsList()) {
      if (detail.is(RetryInfo.class)) {
        try {
          long seconds = detail.unpack(RetryInfo.class).getRetryDelay().getSeconds();
          return java.util.Optional.of(Long.toString(Math.max(1, seconds)));
        } catch (InvalidProtocolBufferException e) {
          return java.util.Optional.empty();
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static com.google.rpc.Status status(Code code, String message) {
    return com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
  }

  private static com.google.rpc.Status invalid(String rawField, String rawMessage) {
    // A field or parameter name comes from the caller and may be huge; the error stays small.
    String field = shorten(rawField, 100);
    String message = shorten(rawMessage, 300);
    return com.google.rpc.Status.newBuilder()
        .setCode(Code.INVALID_ARGUMENT.getNumber())
        .setMessage(message)
        .addDetails(
            Any.pack(
                com.google.rpc.BadRequest.newBuilder()
                    .addFieldViolations(
                        FieldViolation.newBuilder().setField(field).setDescription(message))
                    .build()))
        .build();
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  /** Returns the HTTP status of a gRPC code, as Yandex Cloud maps them. */
  public static HttpStatus httpStatus(int code) {
    return switch (Code.forNumber(code) == null ? Code.UNKNOWN : Code.forNumber(code)) {
      case OK -> HttpStatus.OK;
      case CANCELLED -> HttpStatus.valueOf(499);
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
      case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case ALREADY_EXISTS, ABORTED -> HttpStatus.CONFLICT;
      case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
      case RESOURCE_EXHAUSTED -> HttpStatus.TOO_MANY_REQUESTS;
      case UNIMPLEMENTED -> HttpStatus.NOT_IMPLEMENTED;
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
      case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
      default -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed request";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  static Map<String, Set<String>> ignoring(Map<String, Set<String>> fields) {
    return new LinkedHashMap<>(fields);
  }
}
