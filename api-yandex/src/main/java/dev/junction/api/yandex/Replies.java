package dev.junction.api.yandex;

import io.grpc.stub.StreamObserver;

/** Answers a unary call with its single response. */
final class Replies {
  private Replies() {}

  static <T> void reply(StreamObserver<T> observer, T response) {
    observer.onNext(response);
    observer.onCompleted();
  }
}
