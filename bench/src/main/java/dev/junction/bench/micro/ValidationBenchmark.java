package dev.junction.bench.micro;

import dev.junction.core.attachment.AttachmentDraft;
import dev.junction.core.attachment.AttachmentKind;
import dev.junction.core.problem.Violations;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The core's validation of a create request ({@link AttachmentDraft#validate}), against a baseline
 * that parses the same fields plainly (the addresses' octets, the prefix lengths, the AS number and
 * the VLAN as numbers) and checks nothing else.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ValidationBenchmark {
  private AttachmentDraft draft;

  @Setup
  public void setUp() {
    draft = Fixtures.draft(12_345);
    Fixtures.valid(12_345, AttachmentKind.PRIVATE);
  }

  @Benchmark
  public Optional<AttachmentDraft.Valid> validate() {
    return draft.validate(
        AttachmentKind.PRIVATE, Fixtures.CLOUD_ASN, Fixtures.MAX_STATIC_ROUTES, new Violations());
  }

  @Benchmark
  public long validateBaseline() {
    long sum = draft.vlan().orElse(0L);
    var peering = draft.peering().orElseThrow();
    sum += parse(peering.subnet()) + parse(peering.peerIp()) + parse(peering.cloudIp());
    sum += peering.peerAsn();
    for (String route : draft.staticRoutes()) {
      sum += parse(route);
    }
    return sum + draft.name().length() + draft.scope().length();
  }

  /** Returns the octets (and length) of {@code a.b.c.d[/n]} added up. */
  private static long parse(String text) {
    long sum = 0;
    for (String part : text.split("[./]")) {
      sum += Integer.parseInt(part);
    }
    return sum;
  }
}
