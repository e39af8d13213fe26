#!/usr/bin/env bash
# Where a P2 server's CPU goes at saturation (issue 11, P2), and how much of it is the store's write
# batches, which on SQLite run one at a time (the single writer):
#
#   bench/writer-profile.sh [--engine sqlite|postgresql] [--seconds S] [--work DIR]
#
# It runs the suite's P2 (bench/run.sh --only p2, one round of S + 60 s) and, once that engine's
# server is warmed up, records S seconds (default 10) of its CPU: the threads' CPU from /proc, the
# time its write batches took by its own /metrics (junction_store_commit_seconds: on SQLite, how
# busy the one writer was), and a JFR recording of CPU-time samples (jdk.CPUTimeSample, JDK 25 and
# newer; the "profile" settings' execution samples on older JDKs) taken with jcmd. Then it stops
# the suite (or, for PostgreSQL, lets it finish its round) and prints, from
# dev.junction.bench.suite.WriterProfile: the CPU by thread group, the batches' time a second and
# an operation, the share of the samples inside JdbcStore.commitBatch, what those writes were (a
# create, the worker's step, a router's report, COMMIT, savepoints), and the store methods they
# spent it in. The samples give shares, not times: under load the sampler drops samples, and it
# over-weighed the writer against /proc and /metrics. The round's creates a second are the suite's
# own line. Everything is under DIR (default bench/target/writer-profile); the recording is
# DIR/writer-ENGINE.jfr.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
engine=sqlite
seconds=10
work="$root/bench/target/writer-profile"
while [ $# -gt 0 ]; do
  case "$1" in
    --engine) engine="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -h | --help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "writer-profile: unknown argument $1" >&2; exit 2 ;;
  esac
done
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "writer-profile: --seconds is a whole number of seconds, 1 or more, not $seconds" >&2
  exit 2
fi
case "$engine" in
  sqlite) label="SQLite" ;;
  postgresql) label="PostgreSQL" ;;
  *) echo "writer-profile: --engine is sqlite or postgresql, not $engine" >&2; exit 2 ;;
esac
mkdir -p "$work"
work="$(cd "$work" && pwd)"
log="$work/suite.log"
recording="$work/writer-$engine.jfr"
rm -f "$recording"

"$root/bench/run.sh" --only p2 --rounds 1 --duration $((seconds + 60)) --work "$work/suite" \
  >"$log" 2>&1 &
suite=$!
stop_suite() {
  if kill -0 "$suite" 2>/dev/null; then
    kill "$suite" 2>/dev/null || true   # run.sh stops its servers and database on the way out
    wait "$suite" 2>/dev/null || true
  fi
}
trap stop_suite EXIT

echo "writer-profile: waiting for the $label server to warm up (log: $log)" >&2
until grep -q "p2-$engine: warmed up" "$log" 2>/dev/null; do
  kill -0 "$suite" 2>/dev/null || { echo "writer-profile: the suite ended early" >&2; tail -20 "$log" >&2; exit 1; }
  sleep 1
done
pid="$(pgrep -f -- "--data-dir $work/suite/runs/p2-$engine" | head -1)"
[ -n "$pid" ] || { echo "writer-profile: no server of p2-$engine found" >&2; exit 1; }

# The launcher's JDK, which the suite ran with (run.sh found it).
if [ -z "${JAVA_HOME:-}" ] && [ -f "$root/server/target/launcher/java-home" ]; then
  read -r JAVA_HOME <"$root/server/target/launcher/java-home"
fi
java_home="${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}"
classpath="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"

settings=(settings=profile)
if "$java_home/bin/jfr" metadata 2>/dev/null | grep "jdk.CPUTimeSample" >/dev/null; then
  settings+=("+jdk.CPUTimeSample#enabled=true" "+jdk.CPUTimeSample#throttle=2ms")
fi
"$java_home/bin/jcmd" "$pid" JFR.start name=writer-profile "${settings[@]}" \
  filename="$recording" >/dev/null
# The round runs 60 s past the window, since starting a recording on a saturated machine can take
# several seconds; a server gone before the window's end is said plainly.
if ! "$java_home/bin/java" -cp "$classpath" dev.junction.bench.suite.WriterProfile threads \
  "$work/suite/runs/p2-$engine" "$seconds" 2>"$work/threads.err"; then
  kill -0 "$pid" 2>/dev/null \
    && cat "$work/threads.err" >&2 \
    || echo "writer-profile: the server stopped before $seconds s were recorded" >&2
  exit 1
fi
"$java_home/bin/jcmd" "$pid" JFR.stop name=writer-profile >/dev/null

until grep -q "P2 $label: round 1:" "$log" 2>/dev/null; do
  kill -0 "$suite" 2>/dev/null || break
  sleep 1
done
grep "P2 $label: round 1:\|p2-$engine: the server's CPU" "$log" || true
stop_suite
"$java_home/bin/java" -cp "$classpath" dev.junction.bench.suite.WriterProfile report "$recording"
