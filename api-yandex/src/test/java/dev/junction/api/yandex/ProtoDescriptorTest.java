package dev.junction.api.yandex;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.DescriptorProto.ReservedRange;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.junction.api.yandex.cic.v1.CreatePrivateConnectionRequest;
import dev.junction.api.yandex.cic.v1.PrivateConnection;
import dev.junction.api.yandex.cic.v1.PrivateConnectionServiceProto;
import dev.junction.api.yandex.operation.OperationServiceProto;
import org.junit.jupiter.api.Test;

/** Checks a few wire facts of our protos against the reference's field tables. */
class ProtoDescriptorTest {

  @Test
  void keepsTheFieldNumbersOfThePrivateConnection() {
    FieldDescriptor routes =
        PrivateConnection.getDescriptor().findFieldByName("ipv4_static_routes");
    assertThat(routes.getNumber()).isEqualTo(18);
    FieldDescriptor vlan = PrivateConnection.getDescriptor().findFieldByName("vlan_id");
    assertThat(vlan.getNumber()).isEqualTo(8);
    assertThat(vlan.getMessageType().getFullName()).isEqualTo("google.protobuf.Int64Value");
    assertThat(PrivateConnection.StaticRoute.getDescriptor().toProto().getReservedRangeList())
        .as("next_hop's number stays free")
        .anySatisfy(range -> assertThat(range.getStart()).isEqualTo(2));
  }

  @Test
  void keepsTheReservedNumbersOfCreate() {
    assertThat(CreatePrivateConnectionRequest.getDescriptor().toProto().getReservedRangeList())
        .extracting(ReservedRange::getStart)
        .contains(3, 5);
  }

  @Test
  void carriesTheHttpRules() {
    HttpRule create =
        PrivateConnectionServiceProto.getDescriptor()
            .findServiceByName("PrivateConnectionService")
            .findMethodByName("Create")
            .getOptions()
            .getExtension(AnnotationsProto.http);
    assertThat(create.getPost()).isEqualTo("/cic/v1/privateConnections");
    assertThat(create.getBody()).isEqualTo("*");
    HttpRule cancel =
        OperationServiceProto.getDescriptor()
            .findServiceByName("OperationService")
            .findMethodByName("Cancel")
            .getOptions()
            .getExtension(AnnotationsProto.http);
    assertThat(cancel.getGet()).isEqualTo("/operations/{operation_id}:cancel");
    assertThat(cancel.getAdditionalBindings(0).getPost())
        .isEqualTo("/operations/{operation_id}:cancel");
  }
}
