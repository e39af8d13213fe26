#!/usr/bin/env bash
# Runs the fuzz and corpus test (server/src/test/java/dev/junction/server/fuzz/) for longer than
# CI does: mutated requests to every endpoint of both dialects, the operator API, the network
# endpoint and gRPC, against a real server on SQLite. Prints the test's summary: cases per
# endpoint group, answers (status and code) with counts, and every class of failure with a case
# that shows it. A failure replays with the same seed and count.
#
#   bench/fuzz.sh [cases] [seed]
#
# cases defaults to 50000 (about 20 s per 1,000 on two cores); seed defaults to a random one.
# Extra Maven arguments go in JUNCTION_MAVEN_ARGS (for example -o when offline).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cases="${1:-50000}"
seed="${2:-$(od -An -N8 -td8 /dev/urandom | tr -d ' ')}"
report="$root/server/target/surefire-reports/dev.junction.server.fuzz.CorpusFuzzTest-output.txt"

echo "fuzz: $cases cases, seed $seed (replay: bench/fuzz.sh $cases $seed)"
status=0
# shellcheck disable=SC2086 # JUNCTION_MAVEN_ARGS is a list of arguments
"$root/junction" test -q ${JUNCTION_MAVEN_ARGS:-} \
  -pl core,store,network,api-yandex,api-cloudflare,server \
  -Dtest=CorpusFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
  -Djunction.fuzz.cases="$cases" -Djunction.fuzz.seed="$seed" || status=$?
if [ -f "$report" ]; then
  sed -n '/^== fuzz summary/,$p' "$report"
fi
exit "$status"
