#!/usr/bin/env bash
# Where the start of `./junction serve` goes, with the jar already built:
#
#   bench/profile-start.sh [--rounds 5] [--launcher PATH] [--jfr] [--classes] [--keep]
#
# Each round starts the launcher on a fresh data directory (round 1: first start, which creates
# and migrates the database) and then again on the same directory (a restart: nothing pending),
# and times from the launcher's exec to /readyz answering 200, polling every 10 ms. It prints, per
# round: the launcher's own time to exec java (JUNCTION_TRACE_START), the JVM's uptime when the
# server logged ready ("ready in ... ms" counts from main), wall time to /readyz, and VmRSS once
# ready and idle for 5 s, and the server's own "Started: ..." line (where its start went). --jfr records each restart (bench/target/profile-start/*.jfr; read them
# with `jfr view hot-methods FILE` or `jfr print --events jdk.ExecutionSample FILE`), --classes
# counts the classes loaded (-Xlog:class+load) and how many came from the CDS archive.
# JUNCTION_JAVA_OPTS is passed through, to compare flags in the same run. To compare with another
# checkout (say main's), give its launcher: --launcher ../main/junction; a launcher without
# JUNCTION_TRACE_START support shows "?" for its own time. To see which phases a recording's samples
# fall in, print them (jfr print --events jdk.ExecutionSample --stack-depth 200 FILE) and count the
# frames under dev.junction.server.JunctionServer.start by their next callee.
#
# What it showed on the project's 2-core machine, 2026-11-30, shared with four other engineers'
# benchmarks (load average 15-37, so absolute times are 10-25x an idle machine's; compare within a
# run):
# - The launcher before its exec: main's ran `java -version` twice per start (JAVA_HOME's JDK, then
#   again for the Unsafe flag): 1.6-3.2 s under that load; now 0.01-0.07 s (a release file is
#   read, the JDK found is kept in server/target/launcher/java-home).
# - Classes: 9,600-9,700 loaded per start, 1,444 of them from the JDK's own CDS archive; with the
#   launcher's archive, 8,623 of 9,016 come from it (-Xlog:class+load).
# - Phases of a restart (the server's "Started:" line), after: store and migrations 1.6 s (6.9 s on
#   a first start, which runs Flyway), catalogue 0.4 s, credentials 0.4 s, services 26-37 s,
#   listening 0.4-2 s, loops 0.6-1.2 s. In a recording of main's start (--jfr), 44 of the 76
#   samples under JunctionServer.start were in configure(): 19 in Armeria's GrpcServiceBuilder (its
#   static JSON error handler, ByteBuddy code generation) and 18 in FramedGrpcService building a
#   JSON marshaller per Yandex service (now made on first use); store open 14, of which Flyway 6.
# - Launcher to /readyz, same run: main 49-67 s; after, a restart with the archive 37 s.
# - Idle RSS 5 s after ready: main (G1, no heap limit) 211-245 MiB; after (serial, -Xms64m) 175-223.
# Later the same day (docs/performance.md, "P7: where start-up time went"), with the JVM's CPU time
# to ready added to each line: a first start's CPU went from 5.3-5.7 s to 3.2-4.1 s (load 12-14),
# by building picocli's model of serve alone, making an empty database's schema without Flyway,
# keeping SQLite's native library, and replacing a class-data archive a build had made stale.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
launcher="$root/junction"
rounds=5
jfr=false
classes=false
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --launcher) launcher="$2"; shift 2 ;;
    --jfr) jfr=true; shift ;;
    --classes) classes=true; shift ;;
    --keep) keep=true; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work="$root/bench/target/profile-start"
mkdir -p "$work"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

pid=""
stop() { if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi; pid=""; }
trap stop EXIT

# start NAME DATA: starts the launcher, waits for /readyz, prints one line of figures
start() {
  local name="$1" data="$2" p opts t0 t1 log rss launcher_ms ready_ms jvm_ms
  p="$(port)"
  log="$work/$name.log"
  opts="${JUNCTION_JAVA_OPTS:-}"
  if $jfr && [[ "$name" == restart* ]]; then
    opts="$opts -XX:StartFlightRecording=filename=$work/$name.jfr,settings=profile"
  fi
  if $classes; then opts="$opts -Xlog:class+load=info:file=$work/$name.classes"; fi
  t0="$(now_ms)"
  JUNCTION_TRACE_START=1 JUNCTION_JAVA_OPTS="$opts" "$launcher" serve --http-port "$p" --data-dir "$data" >"$log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$p/readyz"; do
    kill -0 "$pid" 2>/dev/null || { echo "the server stopped; see $log" >&2; cat "$log" >&2; exit 1; }
    sleep 0.01
  done
  t1="$(now_ms)"
  # CPU time (user + system, all threads) the JVM spent to ready: far less inflated than wall time
  # by other processes on the same cores.
  local jpid cpu_ms
  jpid="$(pgrep -P "$pid" java || echo "$pid")"
  cpu_ms="$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$jpid/stat" 2>/dev/null || echo "?")"
  launcher_ms="$(sed -n 's/.*junction: exec java after \([0-9]*\) ms.*/\1/p' "$log" | head -1)"
  ready_ms="$(sed -n 's/.*ready in \([0-9]*\) ms.*/\1/p' "$log" | head -1)"
  jvm_ms="$(sed -n 's/.*, \([0-9]*\) ms after the JVM started.*/\1/p' "$log" | head -1)"
  sleep 5
  rss="$(awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$(pgrep -P "$pid" java || echo "$pid")/status" 2>/dev/null || echo "?")"
  local cls=""
  if $classes; then
    cls=" classes $(grep -c 'source:' "$work/$name.classes" || true), from CDS $(grep -c 'shared objects file' "$work/$name.classes" || true)"
  fi
  printf '%-10s launcher %5s ms  main to ready %5s ms  JVM start to ready %5s ms  launcher to /readyz %5d ms  CPU to ready %5s ms  idle RSS %4s MiB%s\n' \
    "$name" "${launcher_ms:-?}" "${ready_ms:-?}" "${jvm_ms:-?}" "$((t1 - t0))" "$cpu_ms" "$rss" "$cls"
  phases="$(sed -n 's/.*Started: //p' "$log" | head -1)"
  if [ -n "$phases" ]; then printf '%-10s   %s\n' "" "$phases"; fi
  stop
}

for r in $(seq 1 "$rounds"); do
  data="$(mktemp -d "$work/data.XXXXXX")"
  start "first-$r" "$data"
  start "restart-$r" "$data"
  $keep || rm -rf "$data"
done
