package dev.junction.server.apidocs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.file.FileService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Serves the documentation of the APIs, to anyone (it describes the APIs, never a tenant's
 * resources, and the server's routes are no secret):
 *
 * <ul>
 *   <li>{@value #CLOUDFLARE}: the OpenAPI 3 document of the Cloudflare CNI dialect;
 *   <li>{@value #YANDEX}: the OpenAPI 3 document of the Yandex REST mapping, made from the
 *       services' {@code google.api.http} rules;
 *   <li>{@code /docs}: a page that renders both with Swagger UI, served from its webjar;
 *   <li>{@code /docs/grpc/}: Armeria's DocService, for the gRPC services.
 * </ul>
 */
public final class ApiDocs {
  /** Where the Cloudflare CNI document is served. */
  public static final String CLOUDFLARE = "/openapi/cloudflare-cni.json";

  /** Where the Yandex REST document is served. */
  public static final String YANDEX = "/openapi/yandex-cic.json";

  /** The Swagger UI webjar's version, as in the server's POM. */
  private static final String SWAGGER_UI = "5.34.1";

  /** The files of the webjar that the page loads. */
  private static final Set<String> SWAGGER_UI_FILES =
      Set.of(
          "swagger-ui.css",
          "swagger-ui-bundle.js",
          "swagger-ui-standalone-preset.js",
          "favicon-32x32.png",
          "favicon-16x16.png");

  private final Supplier<byte[]> cloudflare;
  private final Supplier<byte[]> yandex;
  private final Supplier<byte[]> page;

  /**
   * @param yandexServices the Yandex dialect's gRPC services, whose HTTP rules it serves
   * @param version the server's version, written in the documents
   */
  public ApiDocs(List<ServiceDescriptor> yandexServices, String version) {
    requireNonNull(yandexServices, "yandexServices");
    requireNonNull(version, "version");
    ObjectMapper json = new ObjectMapper();
    // Made on the first request, so that a start does not pay for them.
    this.cloudflare =
        once(
            () ->
                resource("cloudflare-cni.json")
                    .replace("${version}", version)
                    .getBytes(StandardCharsets.UTF_8));
    this.yandex = once(() -> write(json, YandexOpenApi.of(yandexServices, version, json)));
    this.page =
        once(
            () ->
                resource("index.html")
                    .replace("${cloudflare}", CLOUDFLARE)
                    .replace("${yandex}", YANDEX)
                    .getBytes(StandardCharsets.UTF_8));
  }

  /** Adds the documents and the pages to {@code sb}. */
  public void configure(ServerBuilder sb) {
    sb.service(CLOUDFLARE, json(cloudflare));
    sb.service(YANDEX, json(yandex));
    HttpService html =
        (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.HTML_UTF_8, page.get());
    sb.service("/docs", html);
    sb.service("/docs/", html);
    HttpService swaggerUi =
        FileService.builder(
                ApiDocs.class.getClassLoader(),
                "META-INF/resources/webjars/swagger-ui/" + SWAGGER_UI)
            .build();
    // Only what the page loads: the webjar's own index.html would show the demo "Petstore".
    sb.serviceUnder(
        "/docs/swagger-ui/",
        swaggerUi.decorate(
            (delegate, ctx, req) ->
                SWAGGER_UI_FILES.contains(ctx.mappedPath().substring(1))
                    ? delegate.serve(ctx, req)
                    : HttpResponse.of(HttpStatus.NOT_FOUND)));
    sb.serviceUnder("/docs/grpc/", new GrpcDocs());
  }

  /** Returns {@code make}, called at most once, on the first request that needs it. */
  private static Supplier<byte[]> once(Supplier<byte[]> make) {
    return new Supplier<>() {
      private byte @Nullable [] made;

      @Override
      public synchronized byte[] get() {
        byte[] bytes = made;
        if (bytes == null) {
          bytes = make.get();
          made = bytes;
        }
        return bytes;
      }
    };
  }

  private static HttpService json(Supplier<byte[]> document) {
    return (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, document.get());
  }

  private static byte[] write(ObjectMapper json, Object document) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write an OpenAPI document", e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = ApiDocs.class.getResourceAsStream("/apidocs/" + name)) {
      if (in == null) {
        throw new IllegalStateException("apidocs/" + name + " is missing from the server's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
