#!/usr/bin/env bash
# Catalogue writes under concurrency: WRITERS (default 20) clients each PUT their own scheme (If-Match with the ETag of
# their last write, the body switching between two versions) for DURATION seconds; prints writes/s, the median and p99
# of one PUT, and the same for a single writer. Starts the service (Release) with a temporary database and rate limits
# off; with COPIES=N it first imports N copies of real schemes (POST /v1/imports) to measure at that size.
#
# Usage: [WRITERS=20] [COPIES=0] tests/load/writes.sh [PORT] [DURATION]   (defaults 5082 and 15 s)
# Needs curl and jq.
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${1:-5082}
seconds=${2:-15}
seconds=${seconds%s}
writers=${WRITERS:-20}
copies=${COPIES:-0}
base="http://127.0.0.1:$port"
. tests/load/service.sh
require curl jq

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

# writer N SECONDS: PUTs its scheme until the time is up; one line per PUT: "status milliseconds".
writer() {
  local n=$1 until=$(($(date +%s) + $2)) id etag v=a
  id=$(cat "$work/$n.id")
  etag=$(curl -sf -D - -o /dev/null "$base/v1/schemes/$id" | awk 'tolower($1) == "etag:" {print $2}' | tr -d '\r')
  while [ "$(date +%s)" -lt "$until" ]; do
    out=$(curl -s -D - -o /dev/null -w 'STATUS %{http_code} %{time_total}\n' -X PUT "$base/v1/schemes/$id" \
      -H "X-Api-Key: $key" -H 'Content-Type: application/json' -H "If-Match: $etag" --data-binary @"$work/$n.$v.json")
    etag=$(echo "$out" | awk 'tolower($1) == "etag:" {print $2}' | tr -d '\r')
    echo "$out" | awk '$1 == "STATUS" {printf "%s %.1f\n", $2, $3 * 1000}'
    [ "$v" = a ] && v=b || v=a
  done >"$work/writer.$n"
}

report() {
  cat "$work"/writer.* >"$work/all"
  awk -v s="$1" '{total++; if ($1 == 200) ok++} END {printf "%d PUTs, %d answered 200, %.0f writes/s", total, ok, ok / s}' "$work/all"
  sort -n -k2 "$work/all" | awk '{v[NR] = $2} END {printf "; one PUT: median %.1f ms, p99 %.1f ms\n", v[int(NR / 2) + 1], v[int(NR * 0.99) + 1]}'
}

echo "== one writer, ${seconds}s"
writer 1 "$seconds"
report "$seconds"
rm -f "$work"/writer.*
echo "== $n writers at once, ${seconds}s"
for i in $(seq 1 "$n"); do writer "$i" "$seconds" & done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
report "$seconds"
uptime
