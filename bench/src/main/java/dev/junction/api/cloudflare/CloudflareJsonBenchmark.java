package dev.junction.api.cloudflare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.bench.micro.Fixtures;
import dev.junction.core.attachment.Attachment;
import dev.junction.core.attachment.AttachmentKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The Cloudflare dialect's JSON of one CNI ({@code CloudflareJson.cni}, package-private, hence this
 * package), written as the answer's text. The baseline is Jackson writing a plain {@link Map} of
 * the same fields.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CloudflareJsonBenchmark {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  private Attachment cni;

  @Setup
  public void setUp() {
    cni = Fixtures.attachment(12_345, AttachmentKind.CNI);
  }

  @Benchmark
  public String cni() {
    return CloudflareJson.cni(cni).toString();
  }

  @Benchmark
  public String cniBaseline() throws JsonProcessingException {
    Map<String, Object> magic = new LinkedHashMap<>();
    magic.put("conduit_name", cni.name());
    magic.put("description", cni.description());
    magic.put("mtu", cni.routing().mtu());
    Map<String, Object> bgp = new LinkedHashMap<>();
    bgp.put("customer_asn", cni.peering().peerAsn().orElseThrow().value());
    bgp.put("extra_prefixes", List.of());
    bgp.put("md5_key", "bench-key");
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", cni.id());
    map.put("account", cni.scope());
    map.put("interconnect", cni.trunkId());
    map.put("p2p_ip", cni.peering().cloudIp() + "/" + cni.peering().subnet().length());
    map.put("cust_ip", cni.peering().peerIp() + "/" + cni.peering().subnet().length());
    map.put("magic", magic);
    map.put("bgp", bgp);
    map.put("bgp_mode", "dynamic_route_exchange");
    return JACKSON.writeValueAsString(map);
  }
}
