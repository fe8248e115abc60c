#!/usr/bin/env bash
# Catalogue writes under concurrency: WRITERS (default 20) clients each PUT their own scheme (If-Match with the ETag of
# their last write, the body switching between two versions) for DURATION seconds; prints writes/s, the median and p99
# of one PUT, and the same for a single writer. Starts the service (Release) with a temporary database and rate limits
# off; with COPIES=N it first imports N copies of real schemes (POST /v1/imports) to measure at that size.
#
# Usage: [WRITERS=20] [COPIES=0] tests/load/writes.sh [PORT] [DURATION]   (defaults 5082 and 15 s)
# Needs curl, jq and wrk.
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${1:-5082}
seconds=${2:-15}
seconds=${seconds%s}
writers=${WRITERS:-20}
copies=${COPIES:-0}
base="http://127.0.0.1:$port"
. tests/load/service.sh
require curl jq wrk

echo "== building (Release) and starting the service on $base"
start_service
key=$(cli apikeys create --role admin 2>/dev/null | tail -n 1)

if [ "$copies" -gt 0 ]; then
  jq -s --argjson n $((copies / 50)) '
    [.[].schemes[] | select(.ended != true)] | .[:50] as $real
    | { schemes: [range(0; $n) as $i | $real[] | .id = "\(.id)-copy-\($i)"] }' data/providers/*.json >"$work/import.json"
  curl -sf --max-time 900 -o /dev/null -X POST -H 'Content-Type: application/json' -H "X-Api-Key: $key" \
    --data-binary @"$work/import.json" "$base/v1/imports"
fi
echo "== catalogue: $(curl -sf "$base/v1/schemes?pageSize=1" | jq .totalItems) schemes"

# One scheme per writer, and two bodies each that differ in one keyword.
curl -sf "$base/v1/schemes?pageSize=$writers&status=open" | jq -r '.items[].id' >"$work/ids"
n=0
while read -r id; do
  n=$((n + 1))
  curl -sf "$base/v1/schemes/$id" >"$work/$n.json"
  for v in a b; do
    jq --arg v "$v" 'del(.status, .closingSoon, .nextDeadline, .version, .updatedAt, ._links, .links)
      | .keywords.nl = ((.keywords.nl // []) + ["belasting-\($v)"])' "$work/$n.json" >"$work/$n.$v.json"
  done
  echo "$id" >"$work/$n.id"
done <"$work/ids"

# writers N: N publishers at once (wrk, one thread and one connection each, so every PUT carries the ETag of the
# thread's last write) for the duration; prints writes/s and the median and p99 of one PUT. The load generator is wrk,
# not a shell loop: with curl and awk per PUT, twenty loops spent more of the two cores than the service did.
writers() {
  local n=$1
  for i in $(seq 1 "$n"); do
    curl -sf -D - -o /dev/null "$base/v1/schemes/$(cat "$work/$i.id")" | awk 'tolower($1) == "etag:" {print $2}' | tr -d '\r' >"$work/$i.etag"
  done
  WRITES_DIR="$work" WRITES_KEY="$key" timeout $((seconds + 60)) wrk -t"$n" -c"$n" -d"${seconds}s" --timeout 10s --latency \
    -s tests/load/put-scheme.lua "$base" >"$work/wrk.txt" 2>&1 || true
  awk '/Requests\/sec/ {rps = $2} $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2} /requests in/ {total = $1}
       /Non-2xx/ {bad = $NF}
       END {printf "%d PUTs, %d not 200, %.0f writes/s; one PUT: median %s, p99 %s\n", total, bad, rps, p50, p99}' "$work/wrk.txt"
}
echo "== one writer, ${seconds}s"
writers 1
echo "== $n writers at once, ${seconds}s"
writers "$n"
uptime
