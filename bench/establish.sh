#!/usr/bin/env bash
# Measures create to BGP Established on a real BIRD edge driven by junction agent, against BIRD's
# own time to establish the same session added by hand, in the same run:
#
#   bench/establish.sh [rounds]        (default: 5)
#
# Needs root, bird2 and iproute2 (apt-get install bird2 iproute2), and a JDK 21+ in JAVA_HOME.
# It makes two network namespaces (jt....) with a veth pair, BIRD daemons, the packaged server
# and junction agent, and removes them all.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "bench: run as root (network namespaces)" >&2; exit 1; }
for tool in bird birdc ip; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install bird2 iproute2)" >&2; exit 1; }
done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

(cd "$root" && ./mvnw -o -q -B -pl server,bench -am package -DskipTests -Dspotless.check.skip=true)
classpath="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
exec "$java" -cp "$classpath" dev.junction.bench.establish.EstablishBench \
  "$root/server/target/junction-server.jar" "$@"
