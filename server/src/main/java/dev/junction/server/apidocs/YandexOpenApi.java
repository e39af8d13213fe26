package dev.junction.server.apidocs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Writes the OpenAPI 3 document of the Yandex REST mapping from the services' protobuf descriptors:
 * an operation per {@code google.api.http} rule (additional bindings included), its path variables,
 * its query parameters or JSON body, and a schema per message in proto3 JSON (lowerCamel names,
 * 64-bit integers and well-known wrappers as strings, enums by name, timestamps as RFC 3339).
 */
final class YandexOpenApi {
  private static final Pattern VARIABLE = Pattern.compile("\\{([a-z0-9_.]+)}");
  private static final String STATUS = "google.rpc.Status";

  private final ObjectMapper json;
  private final ObjectNode schemas;
  private final Set<String> written = new LinkedHashSet<>();

  private YandexOpenApi(ObjectMapper json) {
    this.json = json;
    this.schemas = json.createObjectNode();
  }

  /** Returns the document of every HTTP rule of {@code services}. */
  static ObjectNode of(List<ServiceDescriptor> services, String version, ObjectMapper json) {
    return new YandexOpenApi(json).document(services, version);
  }

  private ObjectNode document(List<ServiceDescriptor> services, String version) {
    ObjectNode doc = json.createObjectNode();
    doc.put("openapi", "3.0.3");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Yandex Cloud Interconnect v1 (REST mapping)");
    info.put("version", version);
    info.put(
        "description",
        "The REST transcoding of the yandex.cloud.cic.v1 gRPC services, "
            + "yandex.cloud.operation.OperationService and yandex.cloud.endpoint.ApiEndpointService "
            + "as Junction serves them: proto3 JSON bodies, a mutation answers 200 with its "
            + "Operation, errors are {code, message, details}. Made from the services' "
            + "google.api.http rules.");
    ArrayNode tags = doc.putArray("tags");
    ObjectNode paths = doc.putObject("paths");
    for (ServiceDescriptor service : services) {
      boolean any = false;
      for (MethodDescriptor method : service.getMethods()) {
        if (!method.getOptions().hasExtension(AnnotationsProto.http)) {
          continue;
        }
        any = true;
        HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
        List<HttpRule> rules = new ArrayList<>();
        rules.add(rule);
        rules.addAll(rule.getAdditionalBindingsList());
        for (int i = 0; i < rules.size(); i++) {
          addOperation(paths, service, method, rules.get(i), i);
        }
      }
      if (any) {
        tags.addObject().put("name", service.getFullName());
      }
    }
    ObjectNode components = doc.putObject("components");
    components.set("schemas", schemas);
    components
        .putObject("securitySchemes")
        .putObject("bearer")
        .put("type", "http")
        .put("scheme", "bearer")
        .put("description", "An API token: Authorization: Bearer <token>.");
    doc.putArray("security").addObject().putArray("bearer");
    statusSchema();
    return doc;
  }

  private void addOperation(
      ObjectNode paths, ServiceDescriptor service, MethodDescriptor method, HttpRule rule, int n) {
    String verb;
    String path;
    switch (rule.getPatternCase()) {
      case GET -> {
        verb = "get";
        path = rule.getGet();
      }
      case POST -> {
        verb = "post";
        path = rule.getPost();
      }
      case PATCH -> {
        verb = "patch";
        path = rule.getPatch();
      }
      case DELETE -> {
        verb = "delete";
        path = rule.getDelete();
      }
      case PUT -> {
        verb = "put";
        path = rule.getPut();
      }
      default -> {
        return;
      }
    }
    ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
    ObjectNode operation = item.putObject(verb);
    operation.putArray("tags").add(service.getFullName());
    operation.put("summary", service.getName() + "." + method.getName());
    operation.put(
        "operationId",
        service.getFullName() + "." + method.getName() + (n == 0 ? "" : "." + (n + 1)));
    Descriptor request = method.getInputType();
    Set<String> inPath = new LinkedHashSet<>();
    ArrayNode parameters = operation.putArray("parameters");
    Matcher variables = VARIABLE.matcher(path);
    while (variables.find()) {
      String name = variables.group(1);
      inPath.add(name);
      ObjectNode parameter = parameters.addObject();
      parameter.put("name", name).put("in", "path").put("required", true);
      FieldDescriptor field = request.findFieldByName(name);
      parameter.set("schema", field == null ? stringSchema() : fieldSchema(field));
    }
    String body = rule.getBody();
    if (body.isEmpty()) {
      for (FieldDescriptor field : request.getFields()) {
        if (!inPath.contains(field.getName()) && queryable(field)) {
          ObjectNode parameter = parameters.addObject();
          parameter.put("name", field.getJsonName()).put("in", "query");
          parameter.set("schema", fieldSchema(field));
        }
      }
    } else {
      ObjectNode requestBody = operation.putObject("requestBody");
      requestBody.put("required", true);
      ObjectNode schema =
          body.equals("*")
              ? bodySchema(request, inPath)
              : fieldSchemaOrRef(request.findFieldByName(body));
      requestBody.putObject("content").putObject("application/json").set("schema", schema);
    }
    ObjectNode responses = operation.putObject("responses");
    ObjectNode ok = responses.putObject("200");
    ok.put("description", method.getOutputType().getFullName());
    ok.putObject("content")
        .putObject("application/json")
        .set("schema", ref(method.getOutputType()));
    ObjectNode error = responses.putObject("default");
    error.put(
        "description",
        "The failure as a google.rpc.Status, with the HTTP status of its code "
            + "(INVALID_ARGUMENT 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND 404, "
            + "ALREADY_EXISTS and ABORTED 409, FAILED_PRECONDITION 400, RESOURCE_EXHAUSTED 429, "
            + "UNAVAILABLE 503)");
    error
        .putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("$ref", "#/components/schemas/" + STATUS);
  }

  /** Returns whether {@code field} can be given in the query: a value or a list of values. */
  private static boolean queryable(FieldDescriptor field) {
    if (field.isMapField()) {
      return false;
    }
    if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
      return true;
    }
    return !field.isRepeated() && WellKnown.of(field.getMessageType()).isPresent();
  }

  /** The request's schema without the fields the path gives. */
  private ObjectNode bodySchema(Descriptor request, Set<String> inPath) {
    if (inPath.isEmpty()) {
      return ref(request);
    }
    ObjectNode schema = json.createObjectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    for (FieldDescriptor field : request.getFields()) {
      if (!inPath.contains(field.getName())) {
        properties.set(field.getJsonName(), fieldSchema(field));
      }
    }
    return schema;
  }

  private ObjectNode fieldSchemaOrRef(@Nullable FieldDescriptor field) {
    return field == null ? json.createObjectNode().put("type", "object") : fieldSchema(field);
  }

  private ObjectNode ref(Descriptor message) {
    Optional<WellKnown> known = WellKnown.of(message);
    if (known.isPresent()) {
      return valueSchema(known.get());
    }
    write(message);
    return json.createObjectNode().put("$ref", "#/components/schemas/" + message.getFullName());
  }

  private void write(Descriptor message) {
    if (!written.add(message.getFullName())) {
      return;
    }
    ObjectNode schema = json.createObjectNode().put("type", "object");
    schemas.set(message.getFullName(), schema);
    ObjectNode properties = schema.putObject("properties");
    for (FieldDescriptor field : message.getFields()) {
      properties.set(field.getJsonName(), fieldSchema(field));
    }
    List<String> oneofs = new ArrayList<>();
    message.getRealOneofs().forEach(oneof -> oneofs.add(oneof.getName()));
    if (!oneofs.isEmpty()) {
      schema.put("description", "At most one field of each of: " + String.join(", ", oneofs) + ".");
    }
  }

  private ObjectNode fieldSchema(FieldDescriptor field) {
    if (field.isMapField()) {
      ObjectNode map = json.createObjectNode().put("type", "object");
      map.set("additionalProperties", fieldSchema(field.getMessageType().findFieldByName("value")));
      return map;
    }
    ObjectNode single = singleSchema(field);
    if (field.isRepeated()) {
      ObjectNode array = json.createObjectNode().put("type", "array");
      array.set("items", single);
      return array;
    }
    return single;
  }

  private ObjectNode singleSchema(FieldDescriptor field) {
    return switch (field.getType()) {
      case INT64, SINT64, SFIXED64, UINT64, FIXED64 ->
          json.createObjectNode().put("type", "string").put("format", "int64");
      case INT32, SINT32, SFIXED32, UINT32, FIXED32 ->
          json.createObjectNode().put("type", "integer").put("format", "int32");
      case DOUBLE -> json.createObjectNode().put("type", "number").put("format", "double");
      case FLOAT -> json.createObjectNode().put("type", "number").put("format", "float");
      case BOOL -> json.createObjectNode().put("type", "boolean");
      case STRING -> stringSchema();
      case BYTES -> json.createObjectNode().put("type", "string").put("format", "byte");
      case ENUM -> {
        ObjectNode schema = json.createObjectNode().put("type", "string");
        ArrayNode values = schema.putArray("enum");
        for (EnumValueDescriptor value : field.getEnumType().getValues()) {
          values.add(value.getName());
        }
        yield schema;
      }
      case MESSAGE, GROUP -> ref(field.getMessageType());
    };
  }

  private ObjectNode stringSchema() {
    return json.createObjectNode().put("type", "string");
  }

  /** Returns the proto3 JSON schema of a well-known type. */
  private ObjectNode valueSchema(WellKnown known) {
    ObjectNode schema = json.createObjectNode();
    return switch (known) {
      case TIMESTAMP -> schema.put("type", "string").put("format", "date-time");
      case DURATION -> schema.put("type", "string").put("example", "1.5s");
      case FIELD_MASK ->
          schema.put("type", "string").put("description", "Field paths, separated by commas.");
      case INT64, UINT64 -> schema.put("type", "string").put("format", "int64");
      case INT32, UINT32 -> schema.put("type", "integer").put("format", "int32");
      case DOUBLE, FLOAT -> schema.put("type", "number");
      case BOOL -> schema.put("type", "boolean");
      case STRING -> schema.put("type", "string");
      case BYTES -> schema.put("type", "string").put("format", "byte");
      case EMPTY, STRUCT -> schema.put("type", "object");
      case VALUE -> schema;
      case ANY -> {
        schema.put("type", "object");
        schema.put("description", "Any message, named by its \"@type\" field.");
        schema.putObject("properties").putObject("@type").put("type", "string");
        yield schema;
      }
    };
  }

  private void statusSchema() {
    ObjectNode schema = json.createObjectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    properties
        .putObject("code")
        .put("type", "integer")
        .put("description", "The gRPC status code (3 INVALID_ARGUMENT, 5 NOT_FOUND, ...).");
    properties
        .putObject("message")
        .put("type", "string")
        .put("description", "What was wrong: the field and the rule it broke.");
    properties
        .putObject("details")
        .put("type", "array")
        .putObject("items")
        .put("type", "object")
        .put("description", "google.rpc details (BadRequest, RequestInfo, ...), with \"@type\".");
    schemas.set(STATUS, schema);
  }

  /** The well-known types proto3 JSON writes as plain values. */
  private enum WellKnown {
    TIMESTAMP,
    DURATION,
    FIELD_MASK,
    INT64,
    UINT64,
    INT32,
    UINT32,
    DOUBLE,
    FLOAT,
    BOOL,
    STRING,
    BYTES,
    EMPTY,
    STRUCT,
    VALUE,
    ANY;

    private static final Map<String, WellKnown> BY_NAME =
        Map.ofEntries(
            Map.entry("google.protobuf.Timestamp", TIMESTAMP),
            Map.entry("google.protobuf.Duration", DURATION),
            Map.entry("google.protobuf.FieldMask", FIELD_MASK),
            Map.entry("google.protobuf.Int64Value", INT64),
            Map.entry("google.protobuf.UInt64Value", UINT64),
            Map.entry("google.protobuf.Int32Value", INT32),
            Map.entry("google.protobuf.UInt32Value", UINT32),
            Map.entry("google.protobuf.DoubleValue", DOUBLE),
            Map.entry("google.protobuf.FloatValue", FLOAT),
            Map.entry("google.protobuf.BoolValue", BOOL),
            Map.entry("google.protobuf.StringValue", STRING),
            Map.entry("google.protobuf.BytesValue", BYTES),
            Map.entry("google.protobuf.Empty", EMPTY),
            Map.entry("google.protobuf.Struct", STRUCT),
            Map.entry("google.protobuf.Value", VALUE),
            Map.entry("google.protobuf.Any", ANY));

    static Optional<WellKnown> of(Descriptor message) {
      return Optional.ofNullable(BY_NAME.get(message.getFullName()));
    }
  }
}
