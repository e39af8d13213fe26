package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.ExtensionRegistry;
import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.junction.api.cloudflare.CloudflareDialect;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The APIs' documentation as served: both OpenAPI documents parse, name exactly the operations the
 * server answers for their dialect (so a route added without its documentation fails here), every
 * documented operation is answered by its API rather than refused as unknown, and {@code /docs}
 * renders them from files the server itself serves. All of it without credentials.
 */
class ApiDocsTest {
  private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

  @TempDir static Path dataDir;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new RunningServer(dataDir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void cloudflareDocumentNamesExactlyTheOperationsTheDialectAnswers() {
    JsonNode doc = document("/openapi/cloudflare-cni.json");
    Set<String> served = new TreeSet<>();
    for (String route : CloudflareDialect.routes()) {
      served.add(normalized(route));
    }
    assertThat(served).as("the dialect's routes").hasSizeGreaterThanOrEqualTo(16);
    assertThat(operations(doc)).isEqualTo(served);
  }

  @Test
  void cloudflareOperationsAreAnsweredAndOthersRefusedAsTheDocumentSays() {
    JsonNode doc = document("/openapi/cloudflare-cni.json");
    doc.get("paths")
        .properties()
        .forEach(
            path -> {
              String concrete =
                  path.getKey()
                      .replace("{account_id}", "acct-docs")
                      .replaceAll("\\{[^}]+}", "00000000-0000-4000-8000-000000000000");
              for (String method : METHODS) {
                RunningServer.Answer answer =
                    server.call(method, concrete, method.equals("GET") ? null : "{}");
                String what = method + " " + concrete + ": " + answer.text();
                if (path.getValue().has(method.toLowerCase())) {
                  assertThat(answer.status()).as(what).isNotEqualTo(405).isLessThan(500);
                  assertThat(answer.text()).as(what).doesNotContain("\"code\":1007");
                } else {
                  assertThat(answer.status()).as(what).isEqualTo(405);
                }
              }
            });
  }

  @Test
  void yandexDocumentNamesExactlyTheHttpRulesOfTheServicesServed() throws Exception {
    JsonNode doc = document("/openapi/yandex-cic.json");
    Set<String> served = httpRulesByReflection();
    assertThat(served).as("the HTTP rules of the services reflection lists").isNotEmpty();
    assertThat(operations(doc)).isEqualTo(served);
  }

  @Test
  void yandexOperationsAreAnsweredAndOthersRefusedAsTheDocumentSays() {
    JsonNode doc = document("/openapi/yandex-cic.json");
    doc.get("paths")
        .properties()
        .forEach(
            path -> {
              String concrete = VARIABLE.matcher(path.getKey()).replaceAll("docs-unknown-id");
              for (String method : METHODS) {
                RunningServer.Answer answer =
                    server.call(
                        method,
                        concrete,
                        method.equals("GET") || method.equals("DELETE") ? null : "{}",
                        "content-type",
                        "application/json");
                String what = method + " " + concrete + ": " + answer.text();
                if (path.getValue().has(method.toLowerCase())) {
                  assertThat(answer.status()).as(what).isNotEqualTo(405).isLessThan(500);
                  assertThat(answer.text()).as(what).doesNotContain("no API method");
                } else {
                  assertThat(answer.status()).as(what).isEqualTo(405);
                }
              }
            });
  }

  @Test
  void everyReferenceOfBothDocumentsResolves() {
    for (String url : List.of("/openapi/cloudflare-cni.json", "/openapi/yandex-cic.json")) {
      JsonNode doc = document(url);
      assertThat(doc.path("openapi").asText()).as(url).startsWith("3.");
      assertThat(doc.path("info").path("version").asText())
          .as(url)
          .isNotBlank()
          .doesNotContain("$");
      List<String> refs = new ArrayList<>();
      collectRefs(doc, refs);
      assertThat(refs).as(url).isNotEmpty();
      for (String ref : refs) {
        assertThat(ref).as(url).startsWith("#/components/schemas/");
        assertThat(
                doc.at("/components/schemas").has(ref.substring("#/components/schemas/".length())))
            .as(url + " defines " + ref)
            .isTrue();
      }
    }
  }

  @Test
  void docsPageRendersBothDocumentsFromFilesTheServerServes() {
    RunningServer.Answer page = server.anonymous("GET", "/docs", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("content-type")).startsWith("text/html");
    assertThat(page.text())
        .contains("/openapi/cloudflare-cni.json")
        .contains("/openapi/yandex-cic.json")
        .contains("/docs/grpc/")
        .doesNotContain("${")
        .doesNotContainPattern("(src|href)=\"https?:");
    Matcher assets = Pattern.compile("(?:src|href)=\"(/docs/[^\"]+)\"").matcher(page.text());
    int found = 0;
    while (assets.find()) {
      found++;
      RunningServer.Answer asset = server.anonymous("GET", assets.group(1), null);
      assertThat(asset.status()).as(assets.group(1)).isEqualTo(200);
    }
    assertThat(found).as("Swagger UI's script and style").isGreaterThanOrEqualTo(3);
    assertThat(server.anonymous("GET", "/docs/swagger-ui/index.html", null).status())
        .as("the webjar's demo page")
        .isEqualTo(404);

    RunningServer.Answer grpc = server.anonymous("GET", "/docs/grpc/specification.json", null);
    assertThat(grpc.status()).isEqualTo(200);
    assertThat(grpc.json().findValuesAsText("name"))
        .contains("yandex.cloud.cic.v1.PrivateConnectionService");
  }

  /** Fetches an OpenAPI document without credentials: the documentation is public. */
  private static JsonNode document(String url) {
    RunningServer.Answer answer = server.anonymous("GET", url, null);
    assertThat(answer.status()).as(url).isEqualTo(200);
    assertThat(answer.header("content-type")).startsWith("application/json");
    assertThat(answer.json().isObject()).as(url).isTrue();
    return answer.json();
  }

  /** Returns every operation of {@code doc} as {@code "METHOD /path"}, variables as {@code {}}. */
  private static Set<String> operations(JsonNode doc) {
    Set<String> operations = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        if (METHODS.contains(operation.getKey().toUpperCase())) {
          operations.add(normalized(operation.getKey().toUpperCase() + " " + path.getKey()));
        }
      }
    }
    return operations;
  }

  private static String normalized(String route) {
    return VARIABLE.matcher(route).replaceAll("{}");
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              field -> {
                if (field.getKey().equals("$ref")) {
                  refs.add(field.getValue().asText());
                } else {
                  collectRefs(field.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }

  /**
   * Returns the {@code google.api.http} rules of every service the server lists by gRPC reflection,
   * read from the descriptors it sends: what its REST transcoding serves.
   */
  private static Set<String> httpRulesByReflection() throws Exception {
    List<String> services =
        reflect(ServerReflectionRequest.newBuilder().setListServices("").build())
            .get(0)
            .getListServicesResponse()
            .getServiceList()
            .stream()
            .map(ServiceResponse::getName)
            .toList();
    ExtensionRegistry registry = ExtensionRegistry.newInstance();
    AnnotationsProto.registerAllExtensions(registry);
    Set<String> rules = new TreeSet<>();
    for (String service : services) {
      ServerReflectionResponse answer =
          reflect(ServerReflectionRequest.newBuilder().setFileContainingSymbol(service).build())
              .get(0);
      for (ByteString bytes : answer.getFileDescriptorResponse().getFileDescriptorProtoList()) {
        FileDescriptorProto file = FileDescriptorProto.parseFrom(bytes, registry);
        for (ServiceDescriptorProto described : file.getServiceList()) {
          if (!(file.getPackage() + "." + described.getName()).equals(service)) {
            continue;
          }
          for (MethodDescriptorProto method : described.getMethodList()) {
            if (method.getOptions().hasExtension(AnnotationsProto.http)) {
              HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
              rules.add(normalized(rule(rule)));
              for (HttpRule additional : rule.getAdditionalBindingsList()) {
                rules.add(normalized(rule(additional)));
              }
            }
          }
        }
      }
    }
    return rules;
  }

  private static String rule(HttpRule rule) {
    return switch (rule.getPatternCase()) {
      case GET -> "GET " + rule.getGet();
      case POST -> "POST " + rule.getPost();
      case PUT -> "PUT " + rule.getPut();
      case PATCH -> "PATCH " + rule.getPatch();
      case DELETE -> "DELETE " + rule.getDelete();
      default -> throw new AssertionError("an HTTP rule of another kind: " + rule);
    };
  }

  /** Sends {@code request} on one reflection stream and returns the answers. */
  private static List<ServerReflectionResponse> reflect(ServerReflectionRequest request)
      throws Exception {
    ServerReflectionGrpc.ServerReflectionStub stub =
        GrpcClients.builder("http://127.0.0.1:" + server.server.grpcPort())
            .addHeader("authorization", "Bearer " + server.token)
            .build(ServerReflectionGrpc.ServerReflectionStub.class);
    List<ServerReflectionResponse> answers = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> stream =
        stub.serverReflectionInfo(
            new StreamObserver<>() {
              @Override
              public void onNext(ServerReflectionResponse value) {
                synchronized (answers) {
                  answers.add(value);
                }
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(null);
              }
            });
    stream.onNext(request);
    stream.onCompleted();
    done.get(30, TimeUnit.SECONDS);
    return answers;
  }
}
