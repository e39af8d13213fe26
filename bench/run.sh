#!/usr/bin/env bash
# The benchmark suite of issue 11: every figure against a baseline measured in the same run, with
# min / median / max over the rounds, printed as one table (docs/performance.md defines each):
#
#   bench/run.sh [--rounds N] [--duration S] [--only p1,p2,p3,p6,p7,jmh] [--smoke]
#                [--scale N | --full] [--target DIR] [--jfr] [--out FILE]
#
#   --rounds N      rounds of each figure (default 3)
#   --duration S    seconds of each throughput run (default 10); P3 runs 60 s
#   --only LIST     some of the figures: p1 reads, p2 durable writes, p3 latency, p6 scale,
#                   p7 start, jmh (the JMH benchmarks of the hot pure functions)
#   --smoke         1 round, ~1 s runs, small sizes: checks that the suite still runs (CI)
#   --scale N       private connections of P6's large store (default 100,000); --full: 1,000,000
#   --target DIR    measure another checkout's launcher and server jar (it is built there if its
#                   jar is missing), e.g. the commit before a change, for the "before" column
#   --jfr           record a JFR file of each server (paths printed at the end)
#   --out FILE      also write the table as Markdown to FILE
#   --work DIR      where to write (default bench/target/suite), e.g. to run two at once
#
# P1's load generator spreads its calls over 2 x cores connections (the server's event loops on the
# same machine); BENCH_CONNECTIONS=N sets another number, e.g. 1 for one HTTP/2 connection. The
# other figures use one connection.
#
# It builds what it needs (Maven offline when the local repository has everything, else online),
# then runs the servers on random loopback ports with data directories under bench/target/suite,
# where everything it writes goes. It never leaves a server or database running. Needs a JDK 21+.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/bench/target/suite"
"$root/junction" --help >/dev/null   # finds a JDK 21+ or says what to install
if [ -z "${JAVA_HOME:-}" ]; then
  # The JDK the launcher just found and kept (java on PATH may be older than 21).
  if [ -f "$root/server/target/launcher/java-home" ]; then
    read -r JAVA_HOME <"$root/server/target/launcher/java-home" || true
  fi
  if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/javac" ]; then
    for dir in /usr/lib/jvm/*; do
      major="$("$dir/bin/java" -version 2>&1 | awk -F'"' '/ version "/ {split($2, v, "."); print v[1]; exit}')"
      if [ -x "$dir/bin/javac" ] && [[ "$major" =~ ^[0-9]+$ ]] && [ "$major" -ge 21 ]; then
        JAVA_HOME="$dir"
        break
      fi
    done
  fi
  export JAVA_HOME
fi
export PATH="$JAVA_HOME/bin:$PATH"

args=()
target=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --target) target="$(cd "$2" && pwd)"; args+=("$1" "$target"); shift 2 ;;
    --work) mkdir -p "$2"; work="$(cd "$2" && pwd)"; shift 2 ;;
    --out) mkdir -p "$(dirname "$2")"; args+=("$1" "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

build() {
  # Offline first, as the other scripts here do; a clean clone's first run fetches what is missing.
  (cd "$1" && { ./mvnw -o -q -B -DskipTests -Dspotless.check.skip=true "${@:2}" 2>/dev/null ||
    ./mvnw -q -B -DskipTests -Dspotless.check.skip=true "${@:2}"; })
}
echo "bench: building the suite and the server..." >&2
build "$root" -pl bench -am package
if [ -n "$target" ] && [ ! -f "$target/server/target/junction-server.jar" ]; then
  echo "bench: building the server of $target..." >&2
  build "$target" -pl server -am package
fi

mkdir -p "$work"
pids="$work/servers.pid"
: >"$pids"
suite_pid=""
# The suite stops every server it starts; should it die first, this stops them, and the suite.
stop_all() {
  if [ -n "$suite_pid" ] && kill -0 "$suite_pid" 2>/dev/null; then
    kill "$suite_pid" 2>/dev/null || true
    wait "$suite_pid" 2>/dev/null || true
  fi
  while read -r pid; do
    [ -n "$pid" ] || continue
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done <"$pids"
  # The embedded PostgreSQL of P2, should the suite's JVM have died without stopping it.
  if [ -f "$work/postgresql/data/postmaster.pid" ]; then
    pg="$(head -1 "$work/postgresql/data/postmaster.pid")"
    kill "$pg" 2>/dev/null || true
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

classpath="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
"$JAVA_HOME/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED \
  ${BENCH_CONNECTIONS:+-Djunction.bench.connections=$BENCH_CONNECTIONS} -cp "$classpath" \
  dev.junction.bench.suite.Suite --root "$root" --work "$work" ${args[@]+"${args[@]}"} &
suite_pid=$!
status=0
wait "$suite_pid" || status=$?
suite_pid=""
exit "$status"
