#!/usr/bin/env bash
# Profiles the operation path (create -> worker -> network -> done) and admission under a burst,
# as the ops part of issue 11 did: the packaged server runs with a JFR recording while a load runs
# against it, then the views that showed where the time went are printed.
#
#   bench/profile-ops.sh NAME CONFIG 'LOAD COMMAND'
#
# NAME names the recording (bench/target/profile-NAME.jfr); CONFIG is a server configuration
# (for P3: config/junction.yaml with network.simulated.applyDelay: 0ms and a quota of thousands of
# private connections per trunk); the load command runs with BASE (http://127.0.0.1:PORT) and
# TOKEN (the operator's token) in its environment, for example the suite's P3 load
# (bench/run.sh --only p3) or any client that posts creates at a fixed rate and reads each
# operation's createdAt and modifiedAt (the server's own timestamps) when it is done.
#
# What the views showed (2-core machine shared with other builds, load average over 20):
#   contention-by-site, before: request threads queued on SecureRandom's lock in RandomIds.next
#     (one nextInt per character of an id): 187 waits of 0.3-1.3 s in a 50/s burst.
#   after one call per id: 34 waits of up to 0.5 s at 20/s (NativePRNG reads the system source
#     under one lock for the whole process); after a DRBG per thread: none expected, not yet
#     re-measured (the machine stayed at load 25-35 while the others ran their benchmarks).
#   Latency, create -> done (applyDelay 0, Yandex REST, 15-20 s): 30/s before p50 5.9 s p99 12.2 s,
#     after p50 57 ms p99 859 ms; 100/s before p50 13.1 s p99 21.4 s, after p50 12.3 s p99 19.2 s
#     for the accepted half (the rest refused 429): the store's writer is the limit at 100/s.
#   ThreadPark under HikariPool.getConnection (the SQLite writer): Audit.record 384 waits,
#     Submitter.submit 238, ObservedState.record 31 — the audit commit is a second write per create.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name=$1 config=$2 load=$3
java="${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}/bin"
out="$root/bench/target"
data="$(mktemp -d)"
port=18480
mkdir -p "$out"
"$java/java" -XX:StartFlightRecording=filename="$out/profile-$name.jfr",settings=profile \
  -jar "$root/server/target/junction-server.jar" serve --config "$config" --data-dir "$data" \
  --http-port "$port" >"$out/profile-$name.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
BASE="http://127.0.0.1:$port" TOKEN="$(cat "$data/admin-token")" bash -c "$load"
kill "$server"
wait "$server" || true
for view in hot-methods contention-by-site native-methods cpu-load; do
  "$java/jfr" view --width 200 "$view" "$out/profile-$name.jfr" | head -25
done
