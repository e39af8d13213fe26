#!/usr/bin/env bash
# Profiles the authenticated read paths (P1 of issue 11) with JFR: starts the packaged server with a
# flight recording, creates one private connection, runs a load command against it, then stops the
# server and prints where the server's CPU time went.
#
#   bench/profile-reads.sh [load command and its arguments...]
#
# The load command sees PORT (REST and gRPC on one port), PID (the server's process, whose CPU time
# per request in /proc/$PID/stat is steadier than a rate on a shared machine), TOKEN (the
# operator's bearer token, which no rate limit holds back) and ID (the private connection) in its
# environment. Point it at GET /healthz and the gRPC grpc.health.v1.Health/Check (the
# unauthenticated no-ops), GET /junction/v1/whoami (the authenticated no-op), GET
# /cic/v1/privateConnections/$ID and the gRPC yandex.cloud.cic.v1.PrivateConnectionService/Get,
# 50 requests in flight for 10 s each (bench/read-cost.sh does, with the suite's load generator,
# and prints the server's CPU time per request of each; or any HTTP/2 client). Without
# a command the server stays up until Ctrl-C, for a load generator run by hand.
#
# The recording uses JFR's "profile" settings. The output is `jfr view hot-methods` (top frames of
# the execution samples), `jfr view allocation-by-class`, the threads that took the samples (which
# tells whether requests ran on the event loop or hopped to the blocking pool), and, with python3,
# the samples of each of those two pools by the innermost Junction frame on their stack: what our
# own code costs, the libraries it calls included. The recording is kept in $OUT (default: a new
# temporary directory). JFR=no starts the server without a recording and prints no report: for
# bench/read-threads.sh, which measures CPU time, to which a recording adds its own.
#
# What it showed for issue 11 (P1), before (d74fddc) and after the credential cache, both builds
# side by side on the 2-core machine, which other benchmarks kept at a load average of 20-38, so
# rates moved 10x between rounds; the figures are the server's CPU time per request in the
# calmest of 3 rounds, and JFR sample counts:
# - Before, every authenticated request hopped to the blocking pool for a read transaction
#   (token, principal, grants): Identities.authenticate held 7.5% of the server's samples
#   (235 of 3131), and the blocking pool 34%. CPU per request: /healthz 67 us, an authenticated
#   no-op (a 404 behind authentication) 245 us, REST GET 922 us, gRPC Get 969 us.
# - After, no request-path sample is in Identities; the cache hit runs on the event loop, 1.6% of
#   the samples, of which SHA-256 was most (MessageDigest.getInstance: 20 of 31, now one digest per
#   thread); the blocking pool 22%. CPU per request: /healthz 55 us, whoami 48 us, REST GET
#   412 us, gRPC health 96 us, gRPC Get 577 us.
# - What the GET still costs, on its one blocking hop: in the REST handler the read transaction is
#   about 53% (statements prepared per query, JSON columns decoded: the store's), JsonFormat
#   printing about 33% (timestamps a third of that), path matching 6%. The decorators (audit,
#   rate limit, request id, content types) are 1-2% each on the event loop.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${OUT:-$(mktemp -d)}"
# JAR picks another build (say, a copy of the jar and its lib/ from before a change), to compare
# two builds in one sitting; the default is this tree's, built if missing.
jar="${JAR:-$root/server/target/junction-server.jar}"
[ -f "$jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl server -am package)
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

data="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT

# Stacks of 256 frames: a request's stack under Armeria and Netty is deeper than JFR's default of
# 64, which cut the handlers' frames off most samples.
record=("-XX:FlightRecorderOptions:stackdepth=256"
  "-XX:StartFlightRecording=filename=$out/reads.jfr,settings=profile,dumponexit=true")
[ "${JFR:-yes}" = no ] && record=()
"$java" --enable-native-access=ALL-UNNAMED "${record[@]}" \
  -jar "$jar" serve --data-dir "$data" --http-port 0 --grpc-port 0 >"$out/server.log" 2>&1 &
pid=$!
until [ -f "$data/server.json" ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$out/server.log"; exit 1; }
  sleep 0.05
done
PORT=$(sed -n 's/.*"httpPort" *: *\([0-9]*\).*/\1/p' "$data/server.json")
PID=$(sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p' "$data/server.json")
TOKEN=$(cat "$data/admin-token")
ID=$(curl -s -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -X POST "http://127.0.0.1:$PORT/cic/v1/privateConnections" -d '{
  "folderId": "demo-folder", "name": "bench", "trunkConnectionId": "cftdemotrunk00000001",
  "vlanId": "100", "ipv4Peering": {"peeringSubnet": "169.254.10.0/30", "peerIp": "169.254.10.1",
  "cloudIp": "169.254.10.2", "peerBgpAsn": "65001"}}' |
  sed -n 's/.*"privateConnectionId": *"\([a-z0-9]*\)".*/\1/p')
[ -n "$ID" ] || { echo "profile-reads: could not create a private connection" >&2; exit 1; }
export PORT PID TOKEN ID

if [ $# -gt 0 ]; then
  "$@"
else
  echo "server on port $PORT, private connection $ID; the operator token is in TOKEN. Ctrl-C ends." >&2
  trap 'echo' INT
  wait "$pid" || true
fi

kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""
[ "${JFR:-yes}" = no ] && exit 0
jfr="$(dirname "$(readlink -f "$(command -v "$java")")")/jfr"
"$jfr" view --width 160 hot-methods "$out/reads.jfr"
"$jfr" view --width 160 allocation-by-class "$out/reads.jfr"
echo "Execution samples by thread (event loop: armeria-common-worker; blocking pool: armeria-common-blocking-tasks):"
"$jfr" print --events jdk.ExecutionSample "$out/reads.jfr" |
  sed -n 's/^ *sampledThread = "\([^"]*\)".*/\1/p' | sed 's/-[0-9-]*$//' | sort | uniq -c | sort -rn
if command -v python3 >/dev/null; then
  for pool in armeria-common-worker armeria-common-blocking-tasks; do
    echo "Samples of $pool by innermost Junction frame:"
    "$jfr" print --events jdk.ExecutionSample --stack-depth 200 "$out/reads.jfr" |
      python3 -c '
import collections, re, sys
pool, counts, total = sys.argv[1], collections.Counter(), 0
for event in sys.stdin.read().split("jdk.ExecutionSample {")[1:]:
    thread = re.search(r"sampledThread = \"([^\"]*)\"", event)
    if not thread or pool not in thread.group(1):
        continue
    total += 1
    frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
    counts[next((f for f in frames if f.startswith("dev.junction")), "(outside Junction)")] += 1
for frame, n in counts.most_common(25):
    print(f"{n:7d} {100.0 * n / max(total, 1):5.1f}%  {frame}")
' "$pool"
  done
fi
echo "recording: $out/reads.jfr"
