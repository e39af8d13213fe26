package dev.junction.server.apidocs;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import com.linecorp.armeria.server.docs.DocService;
import org.jspecify.annotations.Nullable;

/**
 * Armeria's DocService, told about the server's services on its first request rather than at start:
 * DocService describes every service as soon as it is added, which costs a start about a second of
 * CPU on two cores for a page few requests ever ask for. The description itself is made off the
 * request thread, as DocService does it.
 */
final class GrpcDocs extends SimpleDecoratingHttpService {
  private @Nullable ServiceConfig config;
  private boolean described;

  GrpcDocs() {
    super(DocService.builder().build());
  }

  @Override
  public void serviceAdded(ServiceConfig cfg) {
    config = cfg;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
    synchronized (this) {
      ServiceConfig added = config;
      if (!described && added != null) {
        unwrap().serviceAdded(added);
        described = true;
      }
    }
    return unwrap().serve(ctx, req);
  }

  @Override
  public HttpService unwrap() {
    return (HttpService) super.unwrap();
  }
}
