package dev.junction.api.yandex;

import static dev.junction.api.yandex.Replies.reply;

import dev.junction.api.yandex.cic.v1.GetPartnerRequest;
import dev.junction.api.yandex.cic.v1.GetPointOfPresenceRequest;
import dev.junction.api.yandex.cic.v1.ListPartnersRequest;
import dev.junction.api.yandex.cic.v1.ListPartnersResponse;
import dev.junction.api.yandex.cic.v1.ListPointOfPresencesRequest;
import dev.junction.api.yandex.cic.v1.ListPointOfPresencesResponse;
import dev.junction.api.yandex.cic.v1.Partner;
import dev.junction.api.yandex.cic.v1.PartnerServiceGrpc;
import dev.junction.api.yandex.cic.v1.PointOfPresence;
import dev.junction.api.yandex.cic.v1.PointOfPresenceServiceGrpc;
import dev.junction.core.catalogue.Catalogue;
import dev.junction.core.page.PageRequest;
import dev.junction.core.problem.Violations;
import io.grpc.stub.StreamObserver;

/** The read-only catalogue services: partners and points of presence. */
final class CatalogueServices {
  private CatalogueServices() {}

  /** {@code yandex.cloud.cic.v1.PartnerService}. */
  static final class Partners extends PartnerServiceGrpc.PartnerServiceImplBase {
    private final Catalogue catalogue;

    Partners(Catalogue catalogue) {
      this.catalogue = catalogue;
    }

    @Override
    public void get(GetPartnerRequest request, StreamObserver<Partner> out) {
      reply(
          out, Wire.partner(catalogue.partner(Requests.id("partner_id", request.getPartnerId()))));
    }

    @Override
    public void list(ListPartnersRequest request, StreamObserver<ListPartnersResponse> out) {
      Violations violations = new Violations();
      PageRequest page = Requests.page(request.getPageSize(), request.getPageToken(), violations);
      var names = Requests.filter(request.getFilter(), violations);
      violations.throwIfAny();
      var found = catalogue.partners(names, page);
      reply(
          out,
          ListPartnersResponse.newBuilder()
              .addAllPartners(found.items().stream().map(Wire::partner).toList())
              .setNextPageToken(Requests.nextPageToken(found.next()))
              .build());
    }
  }

  /** {@code yandex.cloud.cic.v1.PointOfPresenceService}. */
  static final class PointsOfPresence
      extends PointOfPresenceServiceGrpc.PointOfPresenceServiceImplBase {
    private final Catalogue catalogue;

    PointsOfPresence(Catalogue catalogue) {
      this.catalogue = catalogue;
    }

    @Override
    public void get(GetPointOfPresenceRequest request, StreamObserver<PointOfPresence> out) {
      reply(
          out,
          Wire.pointOfPresence(
              catalogue.pointOfPresence(
                  Requests.id("point_of_presence_id", request.getPointOfPresenceId()))));
    }

    @Override
    public void list(
        ListPointOfPresencesRequest request, StreamObserver<ListPointOfPresencesResponse> out) {
      Violations violations = new Violations();
      PageRequest page = Requests.page(request.getPageSize(), request.getPageToken(), violations);
      var names = Requests.filter(request.getFilter(), violations);
      violations.throwIfAny();
      var found = catalogue.pointsOfPresence(names, page);
      reply(
          out,
          ListPointOfPresencesResponse.newBuilder()
              .addAllPointOfPresences(found.items().stream().map(Wire::pointOfPresence).toList())
              .setNextPageToken(Requests.nextPageToken(found.next()))
              .build());
    }
  }
}
