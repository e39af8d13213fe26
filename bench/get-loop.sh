#!/usr/bin/env bash
# Measures the packaged server on this machine: how long it takes to be ready, its memory once
# ready, and how many REST GETs of one private connection it serves per second, against a
# baseline measured in the same run: GET /healthz, a handler that does nothing.
#
#   bench/get-loop.sh [seconds] [connections]
#
# Needs wrk (Debian package wrk) and curl. Traffic stays on loopback.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-10}"
connections="${2:-50}"
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }

"$root/junction" --help >/dev/null  # finds a JDK 21+ or explains what to install
jar="$root/server/target/junction-server.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && ./junction serve --help >/dev/null)
fi

data="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT

start_ns=$(date +%s%N)
"$root/junction" serve --data-dir "$data" --http-port 0 >"$data/server.log" 2>&1 &
pid=$!
until [ -f "$data/server.json" ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$data/server.log"; exit 1; }
  sleep 0.02
done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
port=$(sed -n 's/.*"httpPort" *: *\([0-9]*\).*/\1/p' "$data/server.json")
java_pid=$(sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p' "$data/server.json")
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$java_pid/status")
token=$(cat "$data/admin-token")
auth="Authorization: Bearer $token"

id=$(curl -s -H "$auth" -X POST "http://127.0.0.1:$port/cic/v1/privateConnections" -d '{
  "folderId": "demo-folder", "name": "bench", "trunkConnectionId": "cftdemotrunk00000001",
  "vlanId": "100", "ipv4Peering": {"peeringSubnet": "169.254.10.0/30", "peerIp": "169.254.10.1",
  "cloudIp": "169.254.10.2", "peerBgpAsn": "65001"}}' |
  sed -n 's/.*"privateConnectionId": *"\([a-z0-9]*\)".*/\1/p')
[ -n "$id" ] || { echo "bench: could not create a private connection"; exit 1; }

rate() { wrk -t2 -c"$connections" -d"${duration}s" -H "$auth" "$1" | awk '/Requests\/sec/ {print $2}'; }
wrk -t2 -c"$connections" -d2s -H "$auth" "http://127.0.0.1:$port/cic/v1/privateConnections/$id" >/dev/null
baseline=$(rate "http://127.0.0.1:$port/healthz")
measured=$(rate "http://127.0.0.1:$port/cic/v1/privateConnections/$id")
rss_after_kb=$(awk '/VmRSS/ {print $2}' "/proc/$java_pid/status")

echo "ready in:                 ${ready_ms} ms (launcher to listening, jar already built)"
echo "memory when ready:        $((rss_kb / 1024)) MiB RSS"
echo "memory after the load:    $((rss_after_kb / 1024)) MiB RSS"
echo "GET /healthz (baseline):  ${baseline} req/s"
echo "GET privateConnection:    ${measured} req/s"
awk -v m="$measured" -v b="$baseline" 'BEGIN { printf "ratio to baseline:        %.2f\n", m / b }'
