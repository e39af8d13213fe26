package dev.junction.server.console;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The console's frame around every page (the header, its navigation and who is signed in) and its
 * answers' headers: no caching, and a content security policy that lets only the console's own
 * script and style sheet run.
 */
final class Layout {
  /** The header {@code console.js} sends to get only a page's {@code main} element. */
  static final String FRAGMENT_HEADER = "x-console-fragment";

  private static final String SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src"
          + " 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private Layout() {}

  /** Returns {@code screen} in the console's layout, or only its content for a refresh. */
  static HttpResponse render(
      ServiceRequestContext ctx,
      AggregatedHttpRequest request,
      Screen screen,
      Optional<Viewer> viewer,
      List<String> cookies) {
    Html main = new Html();
    main.raw("<main id=\"main\" data-live=\"")
        .raw(screen.live() ? "true" : "false")
        .raw("\">")
        .raw(screen.content())
        .raw("</main>");
    if (request.headers().contains(FRAGMENT_HEADER)) {
      return answer(screen.status(), MediaType.HTML_UTF_8, main.toString(), cookies, null);
    }
    Html page = new Html();
    page.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<title>")
        .text(screen.title())
        .raw(" · Junction console</title>")
        .raw("<link rel=\"stylesheet\" href=\"/console/static/console.css\">")
        .raw("<script src=\"/console/static/console.js\" defer></script></head><body>")
        .raw("<header><a class=\"brand\" href=\"/console\">Junction console</a>");
    if (viewer.isPresent()) {
      Viewer v = viewer.get();
      page.raw("<nav>").link("/console/resources", "Resources");
      page.link("/console/operations", "Operations");
      if (v.operator()) {
        page.link("/console/routers", "Routers")
            .link("/console/tickets", "Tickets")
            .link("/console/audit", "Audit log");
      }
      page.raw("</nav><span class=\"who\" id=\"who\">")
          .text(v.identity().principal().id())
          .text(v.operator() ? " (operator)" : " (tenant " + v.caller().tenant() + ")")
          .raw("</span>")
          .postButton("/console/sign-out", v.csrf(), "Sign out", "link");
    }
    page.raw("</header>").raw(main.toString()).raw("</body></html>");
    return answer(screen.status(), MediaType.HTML_UTF_8, page.toString(), cookies, null);
  }

  static HttpResponse answer(
      HttpStatus status,
      MediaType type,
      String body,
      List<String> cookies,
      @Nullable String location) {
    ResponseHeadersBuilder headers =
        ResponseHeaders.builder(status)
            .contentType(type)
            .add(HttpHeaderNames.CACHE_CONTROL, "no-store")
            .add("content-security-policy", SECURITY_POLICY)
            .add("x-content-type-options", "nosniff")
            .add("referrer-policy", "no-referrer");
    cookies.forEach(cookie -> headers.add(HttpHeaderNames.SET_COOKIE, cookie));
    if (location != null) {
      headers.add(HttpHeaderNames.LOCATION, location);
    }
    return HttpResponse.of(headers.build(), HttpData.ofUtf8(body));
  }

  static HttpResponse asset(HttpMethod method, MediaType type, byte[] content) {
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      return HttpResponse.of(
          ResponseHeaders.builder(HttpStatus.METHOD_NOT_ALLOWED)
              .contentType(MediaType.PLAIN_TEXT_UTF_8)
              .add("allow", "GET, HEAD")
              .build(),
          HttpData.ofUtf8(method + " is not allowed on a console file (allowed: GET, HEAD)\n"));
    }
    return HttpResponse.of(
        ResponseHeaders.builder(HttpStatus.OK)
            .contentType(type)
            .add(HttpHeaderNames.CACHE_CONTROL, "no-cache")
            .add("x-content-type-options", "nosniff")
            .build(),
        HttpData.wrap(content));
  }
}
