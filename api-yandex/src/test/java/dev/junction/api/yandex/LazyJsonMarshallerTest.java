package dev.junction.api.yandex;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.grpc.GrpcJsonMarshaller;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The lazily made JSON marshaller writes and reads what Armeria's own does. */
class LazyJsonMarshallerTest {
  @Test
  void marshalsAsArmeriasOwn() throws Exception {
    ServiceDescriptor service =
        dev.junction.api.yandex.cic.v1.PrivateConnectionServiceGrpc.getServiceDescriptor();
    dev.junction.api.yandex.cic.v1.GetPrivateConnectionRequest request =
        dev.junction.api.yandex.cic.v1.GetPrivateConnectionRequest.newBuilder()
            .setPrivateConnectionId("cpc-1")
            .build();
    MethodDescriptor.Marshaller<dev.junction.api.yandex.cic.v1.GetPrivateConnectionRequest> proto =
        ProtoUtils.marshaller(request);

    ByteArrayOutputStream lazy = new ByteArrayOutputStream();
    LazyJsonMarshaller.of(service).serializeMessage(proto, request, lazy);
    ByteArrayOutputStream eager = new ByteArrayOutputStream();
    GrpcJsonMarshaller.of(service).serializeMessage(proto, request, eager);

    assertThat(lazy.toString(StandardCharsets.UTF_8))
        .isEqualTo(eager.toString(StandardCharsets.UTF_8))
        .contains("cpc-1");
    assertThat(
            LazyJsonMarshaller.of(service)
                .deserializeMessage(proto, new ByteArrayInputStream(lazy.toByteArray())))
        .isEqualTo(request);
  }
}
