#!/usr/bin/env bash
# Measures one change applied through BirdDriver on a BIRD router carrying many attachments,
# against BIRD's own `birdc configure` of the same final configuration, in the same run:
#
#   bench/bird-apply.sh [attachments] [rounds]        (defaults: 10000 and 5)
#
# Needs root, bird2 and iproute2 (apt-get install bird2 iproute2), and a JDK 21+ in JAVA_HOME.
# It makes one network namespace (jb....) with a veth pair and a BIRD in it, and removes them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "bench: run as root (network namespaces)" >&2; exit 1; }
for tool in bird birdc ip; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install bird2 iproute2)" >&2; exit 1; }
done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

(cd "$root" && ./mvnw -o -q -B -pl bench -am package -DskipTests)
classpath="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
exec "$java" -cp "$classpath" dev.junction.bench.BirdApplyBench "$@"
