#!/usr/bin/env bash
# Where the authenticated GET paths (P1 of issue 11) spend their CPU, from a JFR recording of a
# server that served them (`bench/run.sh --only p1 --jfr`, or `bench/profile-reads.sh`):
#
#   bench/jfr-reads.sh FILE.jfr...
#
# For each handler it counts the execution samples whose stack holds the handler's frame, and
# splits them by the first of these groups, in this order, with a frame above the handler's: the
# store's read (statements, rows, JSON columns), the JSON writing of the answer, the protobuf
# encoding, the wire mapping, the core (use case, authorisation), and the rest. Shares within one handler are steadier than
# rates on a shared machine: compare them between a recording before a change and one after it.
# EVENT=jdk.CPUTimeSample counts CPU-time samples instead (a recording made with CPU=yes
# bench/warm-reads.sh), which also see threads running native code such as SQLite's.
# Needs python3.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: bench/jfr-reads.sh FILE.jfr..." >&2; exit 2; }
jfr="${JAVA_HOME:+$JAVA_HOME/bin/}jfr"
event="${EVENT:-jdk.ExecutionSample}"
for file in "$@"; do
  echo "== $file"
  "$jfr" print --events "$event" --stack-depth 256 "$file" | EVENT="$event" python3 -c '
import collections, os, re, sys
handlers = [
    ("REST GET (Yandex REST transcoding)", "dev.junction.api.yandex.rest.RestTranscoder.handle"),
    ("gRPC Get", "dev.junction.api.yandex.PrivateConnectionService.get"),
    ("whoami", "dev.junction.server.auth.WhoAmI.serve"),
    ("authentication (all requests)", "com.linecorp.armeria.server.auth.AuthService.serve"),
]
parts = [
    ("store read", ("dev.junction.store.",)),
    ("JSON writing", ("com.google.protobuf.util.JsonFormat", "dev.junction.api.yandex.rest.ProtoJsonWriter")),
    ("protobuf encoding", ("com.google.protobuf.CodedOutputStream", "com.linecorp.armeria.internal.common.grpc.GrpcMessageMarshaller", "io.grpc.protobuf.lite.ProtoInputStream")),
    ("wire mapping", ("dev.junction.api.yandex.Wire.",)),
    ("core", ("dev.junction.core.",)),
]
totals = collections.Counter()
split = collections.defaultdict(collections.Counter)
for event in sys.stdin.read().split(os.environ["EVENT"] + " {")[1:]:
    frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
    for name, handler in handlers:
        if handler not in frames:
            continue
        totals[name] += 1
        top = frames[: frames.index(handler)]
        part = next((p for p, prefixes in parts if any(f.startswith(prefixes) for f in top)), "other")
        split[name][part] += 1
for name, _ in handlers:
    total = totals[name]
    if not total:
        continue
    shares = ", ".join(f"{part} {100.0 * n / total:.0f}%" for part, n in split[name].most_common())
    print(f"{name}: {total} samples: {shares}")
'
done
