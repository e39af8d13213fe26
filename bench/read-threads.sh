#!/usr/bin/env bash
# The server's CPU time per request of each P1 call, split by its threads (request threads, JIT,
# GC, the rest), and the request threads' voluntary context switches per request: starts the
# packaged server without a recording (bench/profile-reads.sh with JFR=no) and runs
# dev.junction.bench.suite.ThreadCost against it.
#
#   bench/read-threads.sh [warm-up seconds per call, default 20] [measured seconds, default 10] [calls]
#   JAR=/path/to/other/junction-server.jar bench/read-threads.sh 20 10 whoami,rest-get
#
# The calls are healthz, whoami, rest-get, grpc-health and grpc-get (default: all). On a machine
# shared with other work, compare the "requests" column (the request threads' CPU per request),
# which a slow rate does not inflate with the background threads' fixed cost. Builds the bench
# module if needed (Maven offline).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$root/bench/target/classpath.txt" ] || [ ! -d "$root/bench/target/classes" ]; then
  (cd "$root" && ./mvnw -o -q -B -DskipTests -Dspotless.check.skip=true -pl bench -am install)
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
JFR=no exec "$root/bench/profile-reads.sh" "$java" -cp "$cp" dev.junction.bench.suite.ThreadCost "$@"
