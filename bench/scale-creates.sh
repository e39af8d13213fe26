#!/usr/bin/env bash
# Measures how the time of one create grows with the private connections already stored: the
# packaged server with the simulated network, on stores prepared with N connections each, against
# the smallest N as the baseline, measured in the same run:
#
#   bench/scale-creates.sh [--sizes 1000,100000] [--rounds 3] [--creates 20] [--clients 16]
#                          [--burst 10s] [--heap 4g] [--routers 3] [--extra-config FILE] [--jfr]
#                          [--fresh] [--work DIR]
#
# e.g. bench/scale-creates.sh --sizes 1000,1000000 for the million. Everything it writes is under
# DIR (default bench/target/scale-creates): the prepared data directories (data-N, reused by the
# next run unless --fresh), and the server's log of each N (run-N/server.log, with server.jfr after
# --jfr). It never leaves a server running. Needs a JDK 21+ in JAVA_HOME.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
work="$root/bench/target/scale-creates"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

(cd "$root" && ./mvnw -o -q -B -pl bench -am package -DskipTests)
mkdir -p "$work"
work="$(cd "$work" && pwd)"
pid_file="$work/server.pid"

# The benchmark stops its server itself; should the benchmark die first, this does.
stop_server() {
  if [ -f "$pid_file" ]; then
    pid="$(cat "$pid_file")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pid_file"
  fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

classpath="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
"$java" -Xmx2g --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.junction.bench.scale.ScaleCreatesBench \
  --jar "$root/server/target/junction-server.jar" --work "$work" ${args[@]+"${args[@]}"}
