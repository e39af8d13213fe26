#!/usr/bin/env bash
# A load command for bench/profile-reads.sh that records only a warm server: a first pass of every
# P1 call (bench/read-cost.sh, WARM seconds a call, default 6), then a JFR recording (profile
# settings, started with jcmd) of a second pass (SECS seconds a call, default 8), written to
# $OUT/warm.jfr. The recording profile-reads.sh starts covers the start and the warm-up too;
# this one does not.
#
#   OUT=/tmp/warm bench/profile-reads.sh bench/warm-reads.sh
#   bench/jfr-reads.sh /tmp/warm/warm.jfr
#
# With CPU=yes the recording also takes JDK 25's CPU-time samples (every 2 ms of a thread's CPU),
# which see native code too; read them with EVENT=jdk.CPUTimeSample bench/jfr-reads.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jcmd="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
: "${OUT:?set OUT, the directory profile-reads.sh records into}"
echo "== warm-up pass"
"$root/bench/read-cost.sh" "${WARM:-6}"
cpu=()
# JDK 25's CPU-time sampler also sees threads running native code (SQLite), which the execution
# sampler of the "profile" settings misses.
[ "${CPU:-no}" = yes ] && cpu=(+jdk.CPUTimeSample#enabled=true +jdk.CPUTimeSample#throttle=2ms)
"$jcmd" "$PID" JFR.start name=warm settings=profile "${cpu[@]}" >/dev/null
echo "== measured pass"
"$root/bench/read-cost.sh" "${SECS:-8}"
"$jcmd" "$PID" JFR.dump name=warm filename="$OUT/warm.jfr" >/dev/null
