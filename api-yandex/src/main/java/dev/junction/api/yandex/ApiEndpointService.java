package dev.junction.api.yandex;

import static dev.junction.api.yandex.Replies.reply;
import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.junction.api.yandex.endpoint.ApiEndpoint;
import dev.junction.api.yandex.endpoint.ApiEndpointServiceGrpc;
import dev.junction.api.yandex.endpoint.GetApiEndpointRequest;
import dev.junction.api.yandex.endpoint.ListApiEndpointsRequest;
import dev.junction.api.yandex.endpoint.ListApiEndpointsResponse;
import dev.junction.core.page.PageRequest;
import dev.junction.core.page.PageToken;
import dev.junction.core.problem.ProblemException;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code yandex.cloud.endpoint.ApiEndpointService}: tells SDKs that resolve endpoints by id ({@code
 * cic}, {@code operation}) that this server serves both. The address is the configured public
 * address, or else the one the client dialled.
 */
final class ApiEndpointService extends ApiEndpointServiceGrpc.ApiEndpointServiceImplBase {
  static final List<String> IDS = List.of("cic", "operation", "endpoint");

  private final String publicAddress;

  ApiEndpointService(String publicAddress) {
    this.publicAddress = requireNonNull(publicAddress, "publicAddress");
  }

  @Override
  @SuppressWarnings("deprecation") // page_size and page_token are deprecated in the proto
  public void list(ListApiEndpointsRequest request, StreamObserver<ListApiEndpointsResponse> out) {
    // The paging fields are deprecated but still checked and honoured, as on every other list:
    // the page token counts the endpoints already listed.
    PageRequest page = Requests.page(request.getPageSize(), request.getPageToken());
    int from = (int) Math.min(IDS.size(), page.after().orElse(0L));
    int to = Math.min(IDS.size(), from + page.size());
    String address = address();
    ListApiEndpointsResponse.Builder response = ListApiEndpointsResponse.newBuilder();
    for (String id : IDS.subList(from, to)) {
      response.addEndpoints(ApiEndpoint.newBuilder().setId(id).setAddress(address));
    }
    if (to < IDS.size()) {
      response.setNextPageToken(PageToken.encode(to));
    }
    reply(out, response.build());
  }

  @Override
  public void get(GetApiEndpointRequest request, StreamObserver<ApiEndpoint> out) {
    String id = request.getApiEndpointId();
    if (!IDS.contains(id)) {
      throw ProblemException.notFound("API endpoint", id);
    }
    reply(out, ApiEndpoint.newBuilder().setId(id).setAddress(address()).build());
  }

  private String address() {
    if (!publicAddress.isEmpty()) {
      return publicAddress;
    }
    ServiceRequestContext ctx = ServiceRequestContext.current();
    String authority = ctx.request().authority();
    if (authority != null && !authority.isEmpty()) {
      return authority;
    }
    InetSocketAddress local = ctx.localAddress();
    return "127.0.0.1:" + local.getPort();
  }
}
