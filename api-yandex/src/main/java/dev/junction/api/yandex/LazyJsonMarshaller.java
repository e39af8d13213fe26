package dev.junction.api.yandex;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.grpc.GrpcJsonMarshaller;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The JSON marshaller of a gRPC service ({@code application/grpc+json}), made on the first call
 * that needs it rather than when the server starts. Armeria's generates a class per message type of
 * the service; for the Yandex services that was about a fifth of the server's start, for a format
 * the SDKs do not use.
 */
final class LazyJsonMarshaller implements GrpcJsonMarshaller {
  private final ServiceDescriptor service;
  private volatile GrpcJsonMarshaller delegate;

  private LazyJsonMarshaller(ServiceDescriptor service) {
    this.service = requireNonNull(service, "service");
  }

  /** Returns the marshaller of {@code service}, to be made when first used. */
  static GrpcJsonMarshaller of(ServiceDescriptor service) {
    return new LazyJsonMarshaller(service);
  }

  private GrpcJsonMarshaller delegate() {
    GrpcJsonMarshaller made = delegate;
    if (made == null) {
      synchronized (this) {
        made = delegate;
        if (made == null) {
          made = GrpcJsonMarshaller.of(service);
          delegate = made;
        }
      }
    }
    return made;
  }

  @Override
  public <T> void serializeMessage(
      MethodDescriptor.Marshaller<T> marshaller, T message, OutputStream os) throws IOException {
    delegate().serializeMessage(marshaller, message, os);
  }

  @Override
  public <T> T deserializeMessage(MethodDescriptor.Marshaller<T> marshaller, InputStream is)
      throws IOException {
    return delegate().deserializeMessage(marshaller, is);
  }
}
