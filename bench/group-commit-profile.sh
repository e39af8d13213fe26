#!/usr/bin/env bash
# Profiles durable creates (issue 11, P2: group commit in the store) with JFR, on SQLite:
#
#   bench/group-commit-profile.sh [--work DIR]
#
# It runs bench/scale-creates.sh on a store of 1,000 connections with 32 clients and --jfr, then
# prints what the recording shows: the hottest Java methods, where the server's native time went
# (SQLite's COMMIT, that is the write-ahead log's fsync, against its other statements), and the
# store's own count of writes and commits (logged when the server stops). Compare a run of the
# commit before group commit with one after, on the same machine in the same hour. Needs a JDK 21+
# in JAVA_HOME.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jfr="${JAVA_HOME:+$JAVA_HOME/bin/}jfr"
work="$root/bench/target/group-commit-profile"
if [ "${1:-}" = "--work" ]; then
  work="$2"
fi

"$root/bench/scale-creates.sh" --sizes 1000 --rounds 3 --creates 5 --clients 32 --burst 10s \
  --jfr --work "$work"
recording="$work/run-1000/server.jfr"

echo
echo "== hot Java methods"
"$jfr" view --width 160 hot-methods "$recording" | head -25

echo
echo "== native samples: SQLite's COMMIT (the WAL fsync) against its other statements"
"$jfr" print --events jdk.NativeMethodSample --stack-depth 30 "$recording" |
  awk '/jdk.NativeMethodSample/ { if (n) tally(); n = 1; text = ""; next } { text = text $0 "\n" }
       function tally() {
         if (text ~ /NativeDB\.step/) {
           if (text ~ /Connection\.commit/) commit++; else other++
         }
       }
       END { if (n) tally(); printf "commit %d, other statements %d\n", commit, other }'

echo
echo "== the store's writes and commits"
grep -h "the store committed" "$work/run-1000/server.log" || echo "(not logged: an older build)"
