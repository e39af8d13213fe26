#!/usr/bin/env bash
# The server's CPU time per request of each P1 call (GET /healthz, whoami, the REST and gRPC Get of
# one private connection, gRPC Health/Check), as a load command of bench/profile-reads.sh, which
# starts the server under JFR and sets PORT, PID, TOKEN and ID:
#
#   bench/profile-reads.sh bench/read-cost.sh [seconds per call, default 10]
#   JAR=/path/to/other/junction-server.jar bench/profile-reads.sh bench/read-cost.sh
#
# then `bench/jfr-reads.sh $OUT/reads.jfr` splits each handler's samples. Builds the bench module
# if needed (Maven offline).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [ ! -f "$root/bench/target/classpath.txt" ] || [ ! -d "$root/bench/target/classes" ]; then
  (cd "$root" && ./mvnw -o -q -B -DskipTests -Dspotless.check.skip=true -pl bench -am install)
fi
exec "$java" -cp "$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")" \
  dev.junction.bench.suite.ReadCost "$@"
