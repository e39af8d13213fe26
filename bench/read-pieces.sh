#!/usr/bin/env bash
# The CPU time of pieces of the GET paths that issue 11 (P1) measured, measured as the
# thread's own CPU time, which a machine busy with other work inflates far less than a rate:
#
#   bench/read-pieces.sh [DATA_DIR]
#   LIB=/other/checkout/server/target/lib bench/read-pieces.sh   # the store of another build
#
# - the store's read of one private connection with its MD5 key (StoreReadCost), on a copy of
#   DATA_DIR (default: bench/target/suite/data-1000, which `bench/run.sh --only p1` prepares),
#   with this checkout's server libraries or those in LIB;
# - one private connection written as JSON by JsonFormat and by ProtoJsonWriter (JsonWriteCost),
#   this checkout only;
# - what the request observer (the junction.requests metric and log line) adds to one request
#   (RequestLineCost), with this checkout's server or the one beside LIB (LIB/../junction-server.jar).
#
# Measured for issue 11 on the 2-core machine at a load average of 15-18 (other builds running):
# store read 45.9-51.8 us before (36f0b28), 18.5-21.5 us after the statement cache, the memo of
# JSON columns and the cipher per thread; JSON 3.1-4.2 us with JsonFormat, 1.9-2.5 us with the
# writer (three runs each). Later, at a load average of 9-15: store read 15.9-18.0 us before
# (4bddf5a) and 13.7-15.9 us with the read pool in manual-commit mode (five runs each, alternated);
# the request observer 1.7-2.9 us per request (five runs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
data="${1:-$root/bench/target/suite/data-1000}"
lib="${LIB:-$root/server/target/lib}"
[ -f "$data/junction.db" ] || { echo "read-pieces: no store in $data (run bench/run.sh --only p1 first)" >&2; exit 1; }
[ -d "$root/bench/target/classes/dev/junction/bench/cost" ] ||
  (cd "$root" && ./mvnw -o -q -B -DskipTests -Dspotless.check.skip=true -pl bench -am package)
copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
cp "$data/junction.db" "$data/secret-keys" "$copy/"
# The server's libraries without its logging configuration would log the pool's DEBUG lines.
cat >"$copy/logback.xml" <<'XML'
<configuration><root level="WARN"/></configuration>
XML
"$java" --enable-native-access=ALL-UNNAMED "-Dlogback.configurationFile=$copy/logback.xml" \
  -cp "$root/bench/target/classes:$lib/*" dev.junction.bench.cost.StoreReadCost "$copy"
"$java" -cp "$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")" \
  dev.junction.bench.cost.JsonWriteCost
# The server's own logging configuration (in its jar), its request lines sent nowhere.
"$java" --enable-native-access=ALL-UNNAMED \
  -cp "$root/bench/target/classes:$lib/../junction-server.jar:$lib/*" \
  dev.junction.bench.cost.RequestLineCost >/dev/null
