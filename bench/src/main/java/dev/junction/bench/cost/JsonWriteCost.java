package dev.junction.bench.cost;

import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.junction.api.yandex.cic.v1.Peering;
import dev.junction.api.yandex.cic.v1.PrivateConnection;
import dev.junction.api.yandex.rest.ProtoJsonWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Set;

/**
 * The CPU time of writing one private connection as the Yandex REST answer: protobuf's {@link
 * JsonFormat} (the REST path before) against {@link ProtoJsonWriter} (the REST path now), which
 * write the same text, measured alternately in one JVM as this thread's CPU time per message. Run
 * by {@code bench/read-pieces.sh}.
 */
public final class JsonWriteCost {
  private JsonWriteCost() {}

  public static void main(String[] args) throws InvalidProtocolBufferException {
    PrivateConnection connection =
        PrivateConnection.newBuilder()
            .setId("cfbe2fh7ak4qd2pcoeoh")
            .setName("scale-000001")
            .setFolderId("scale-folder-0000")
            .setTrunkConnectionId("cftscale0000000001")
            .setVlanId(Int64Value.of(101))
            .setIpv4Peering(
                Peering.newBuilder()
                    .setPeeringSubnet("169.254.0.0/30")
                    .setPeerIp("169.254.0.1")
                    .setCloudIp("169.254.0.2")
                    .setPeerBgpAsn(65_001)
                    .setPeerBgpMd5Key("md5-key"))
            .putLabels("env", "prod")
            .setStatusValue(4)
            .setCreatedAt(Timestamp.newBuilder().setSeconds(1_780_000_000L).setNanos(123_456_789))
            .addIpv4StaticRoutes(
                PrivateConnection.StaticRoute.newBuilder().setPrefix("10.0.0.0/24"))
            .build();
    JsonFormat.Printer printer = JsonFormat.printer();
    ProtoJsonWriter writer =
        new ProtoJsonWriter(JsonFormat.TypeRegistry.getEmptyTypeRegistry(), Set.of());
    if (!printer.print(connection).equals(writer.print(connection))) {
      throw new IllegalStateException("the writer and JsonFormat disagree");
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int count = 200_000;
    for (int i = 0; i < count; i++) {
      printer.print(connection);
      writer.print(connection);
    }
    double jsonFormat = Double.MAX_VALUE;
    double own = Double.MAX_VALUE;
    for (int round = 0; round < 7; round++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < count; i++) {
        printer.print(connection);
      }
      long middle = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < count; i++) {
        writer.print(connection);
      }
      long end = threads.getCurrentThreadCpuTime();
      jsonFormat = Math.min(jsonFormat, (middle - start) / 1_000.0 / count);
      own = Math.min(own, (end - middle) / 1_000.0 / count);
    }
    System.out.printf(
        "private connection as JSON: JsonFormat %.2f us CPU, ProtoJsonWriter %.2f us CPU"
            + " (best of 7 x %d)%n",
        jsonFormat, own, count);
  }
}
