#!/usr/bin/env bash
# What a running server holds in memory, for the memory part of issue 11 (P6, P7):
#
#   bench/profile-memory.sh PID [TOP]
#
# prints the process's VmRSS and VmHWM, anonymous and file-backed, its threads (/proc), how much of
# the class-data archive or ahead-of-time cache is resident and written to, the heap's generations
# (jcmd GC.heap_info), and the TOP (default 25) classes of the live heap (jmap -histo:live, which
# runs a full collection first).
# To watch a server at a million private connections, run bench/scale-creates.sh --sizes
# 1000,1000000 (the server's pid is in bench/target/scale-creates/server.pid) and call this while
# it settles; the launcher's JVM options can be given to that server through JAVA_TOOL_OPTIONS, e.g.
# JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms64m" bench/scale-creates.sh --heap 512m ...
# Divide a class's bytes by the subjects the routers hold to get its cost per subject. Started with
# -XX:NativeMemoryTracking=summary (e.g. JUNCTION_JAVA_OPTS=-XX:NativeMemoryTracking=summary
# ./junction serve ...), it also prints where the memory outside the heap goes.
set -euo pipefail
pid="${1:?usage: bench/profile-memory.sh PID [TOP]}"
top="${2:-25}"
bin="${JAVA_HOME:+$JAVA_HOME/bin/}"
grep -E 'VmRSS|VmHWM|RssAnon|RssFile|Threads' "/proc/$pid/status"
# The class-data archive or ahead-of-time cache: resident, and how much of it the JVM wrote to
# (relocated pages are private and dirty; pages mapped where the archive asked stay clean).
awk '/^[0-9a-f]+-[0-9a-f]+ / { archive = ($6 ~ /\.(jsa|aot)$/) }
  archive && /^Rss:/ { rss += $2 }
  archive && /^Private_Dirty:/ { dirty += $2 }
  END { if (rss) printf "Archive: %d kB resident, %d kB of it written\n", rss, dirty }' "/proc/$pid/smaps"
"${bin}jcmd" "$pid" GC.heap_info | sed -n '2,$p'
"${bin}jmap" -histo:live "$pid" | head -n "$((top + 3))"
nmt="$("${bin}jcmd" "$pid" VM.native_memory summary 2>&1 || true)"
if grep -q '^Total:' <<<"$nmt"; then
  grep -E '^Total|^-' <<<"$nmt"
fi
