#!/usr/bin/env bash
# Where a server's time went, from the JFR files that `bench/run.sh --jfr` records (one per server
# it starts, under bench/target/suite/jfr/; run.sh prints their paths at the end):
#
#   bench/run.sh --only p2 --jfr        # record, e.g. the P2 servers
#   bench/jfr-report.sh bench/target/suite/jfr/p2-sqlite-*.jfr [--top 25]
#
# For each file: the recording's summary (duration, event counts), then the hottest methods of the
# execution samples (`jfr view hot-methods` on JDK 21+), then the top frames of the samples as a
# plain count, which also works where `jfr view` does not. Compare a run before a change with one
# after it (bench/run.sh --target DIR measures another checkout the same way).
set -euo pipefail

top=25
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --top) top="$2"; shift 2 ;;
    *) files+=("$1"); shift ;;
  esac
done
[ "${#files[@]}" -gt 0 ] || { echo "usage: bench/jfr-report.sh FILE.jfr... [--top N]" >&2; exit 2; }
jfr="${JAVA_HOME:+$JAVA_HOME/bin/}jfr"

for file in "${files[@]}"; do
  echo "== $file"
  "$jfr" summary "$file" | sed -n '1,12p'
  echo "-- hot methods"
  "$jfr" view --width 160 hot-methods "$file" 2>/dev/null | head -n $((top + 6)) || true
  echo "-- top frames of the execution samples"
  "$jfr" print --events jdk.ExecutionSample "$file" |
    awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print }' |
    sort | uniq -c | sort -rn | head -n "$top"
done
