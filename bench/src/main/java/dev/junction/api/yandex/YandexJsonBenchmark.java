package dev.junction.api.yandex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.junction.api.yandex.rest.ProtoJsonWriter;
import dev.junction.bench.micro.Fixtures;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The Yandex REST path's JSON of one private connection: the core attachment mapped to its protobuf
 * message ({@code Wire.privateConnection}, which is why this benchmark sits in the dialect's
 * package) and written by {@link ProtoJsonWriter}, as the REST transcoder does (it writes the same
 * text as protobuf's {@link JsonFormat}, which the transcoder used before). The baseline is Jackson
 * writing a plain {@link Map} of the same fields.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class YandexJsonBenchmark {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  private Attachment attachment;
  private ProtoJsonWriter printer;

  @Setup
  public void setUp() {
    attachment = Fixtures.attachment(12_345, AttachmentKind.PRIVATE);
    printer = new ProtoJsonWriter(JsonFormat.TypeRegistry.getEmptyTypeRegistry(), Set.of());
  }

  @Benchmark
  public String privateConnection() throws InvalidProtocolBufferException {
    return printer.print(Wire.privateConnection(attachment));
  }

  @Benchmark
  public String privateConnectionBaseline() throws JsonProcessingException {
    Map<String, Object> peering = new LinkedHashMap<>();
    peering.put("peeringSubnet", attachment.peering().subnet().toString());
    peering.put("peerIp", attachment.peering().peerIp().toString());
    peering.put("cloudIp", attachment.peering().cloudIp().toString());
    peering.put("peerBgpAsn", Long.toString(attachment.peering().peerAsn().orElseThrow().value()));
    peering.put("cloudBgpAsn", Long.toString(attachment.peering().cloudAsn().value()));
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", attachment.id());
    map.put("name", attachment.name());
    map.put("description", attachment.description());
    map.put("folderId", attachment.scope());
    map.put("trunkConnectionId", attachment.trunkId());
    map.put("vlanId", Long.toString(attachment.vlan().orElseThrow().value()));
    map.put("ipv4Peering", peering);
    map.put(
        "ipv4StaticRoutes", List.of(Map.of("prefix", attachment.staticRoutes().get(0).toString())));
    map.put("labels", attachment.labels().map());
    map.put("status", attachment.status().name());
    map.put("createdAt", attachment.createdAt().toString());
    return JACKSON.writeValueAsString(map);
  }
}
