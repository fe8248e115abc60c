#!/usr/bin/env bash
# Load test on loopback with wrk (2 threads, 32 connections): GET /health/live, POST /v1/matches (the real catalogue, a
# realistic profile and question) and a keyword search, printed as one table of requests/s, p99 and the ratio to
# /health/live, so numbers from a busy machine can still be compared. Then, only when this script started the service,
# a second phase with 10,000 more schemes (50 real ones copied under new ids through POST /v1/imports with an admin key),
# the service's resident memory during and after it, and the time from a restart on that database to /health/ready.
#
# Usage: [IMPORT=0] tests/load/run.sh [PORT] [DURATION]    (defaults 5080 and 20s; DURATION in seconds, "20" or "20s")
# Needs wrk (apt-get install -y wrk), curl and jq. Every step has a time limit; the script stops what it started.
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${1:-5080}
seconds=${2:-20}
seconds=${seconds%s}
copies=10000
base="http://127.0.0.1:$port"
. tests/load/service.sh
require wrk curl jq

if curl -sf --max-time 2 "$base/health/live" >/dev/null; then
  echo "== using the service already listening on $base (its own database and rate limits; no import phase)"
else
  echo "== starting the service (Release) on $base with a temporary database and rate limits off"
  start_service
fi

body=$(sed -n 's/^wrk.body = \[\[\(.*\)\]\]$/\1/p' tests/load/post-match.lua)
search="$base/v1/schemes?search=energie&pageSize=10"
# One call each first: a wrong answer fails here, not as thousands of non-2xx in the table.
curl -sf --max-time 30 -o /dev/null "$base/health/live"
curl -sf --max-time 30 -o "$work/match.json" -X POST -H 'Content-Type: application/json' --data "$body" "$base/v1/matches"
curl -sf --max-time 30 -o /dev/null "$search"

# measure LABEL wrk-args…: appends "label<TAB>req/s<TAB>p99<TAB>errors" to $work/results.
measure() {
  local label=$1; shift
  timeout $((seconds + 60)) wrk -t2 -c32 -d"${seconds}s" --timeout 10s --latency "$@" >"$work/wrk.txt" 2>&1 || true
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
  errors=$(awk '/Non-2xx|Socket errors/ {sub(/^ +/, ""); printf "%s; ", $0}' "$work/wrk.txt")
  printf '%s\t%s\t%s\t%s\n' "$label" "${rps:-0}" "${p99:--}" "${errors:-none}" >>"$work/results"
}

table() {
  echo
  uptime
  awk -F'\t' '
    BEGIN { printf "%-44s %10s %10s %9s  %s\n", "endpoint", "req/s", "p99", "vs live", "errors" }
    $1 == "GET /health/live" { live = $2 }
    { printf "%-44s %10.0f %10s %8.1f%%  %s\n", $1, $2, $3, (live > 0 ? 100 * $2 / live : 0), $4 }' "$work/results"
}

rss() { ps -o rss= -p "$pid" | awk '{printf "%.0f MiB", $1 / 1024}'; }

# The first seconds of a new process are JIT time: a warm-up run of each endpoint, not counted, so the ratios compare
# the endpoints as they run from then on.
warm() { timeout $((seconds + 60)) wrk -t2 -c32 -d"${seconds}s" --timeout 10s "$@" >/dev/null 2>&1 || true; }
echo "== warm-up: each endpoint for ${seconds}s (not counted)"
warm "$base/health/live"
warm -s tests/load/post-match.lua "$base/v1/matches"
warm "$search"
echo "== phase 1: the catalogue as it is ($(jq '.matches | length' "$work/match.json") matches in the answer), ${seconds}s each"
measure "GET /health/live" "$base/health/live"
measure "POST /v1/matches" -s tests/load/post-match.lua "$base/v1/matches"
measure "GET /v1/schemes?search=energie&pageSize=10" "$search"
[ -n "$pid" ] && echo "resident memory: $(rss)"
table

# IMPORT=0 skips the second phase.
[ -n "$pid" ] && [ "${IMPORT:-1}" != 0 ] || exit 0

echo
echo "== phase 2: $copies more schemes (50 real ones copied under new ids, POST /v1/imports)"
key=$(cli apikeys create --role admin --name load-test 2>>"$work/cli.log" | tail -n 1)
# 50 schemes in force, each copied copies/50 times with "-copy-N" after its id.
jq -s --argjson n $((copies / 50)) '
  [.[].schemes[] | select(.ended != true)] | .[:50] as $real
  | { schemes: [range(0; $n) as $i | $real[] | .id = "\(.id)-copy-\($i)"] }' data/providers/*.json >"$work/import.json"
# The highest resident memory while the import runs, sampled every 0.2 s.
( peak=0; while kill -0 "$pid" 2>/dev/null; do
    now=$(ps -o rss= -p "$pid" 2>/dev/null || echo 0); [ "${now:-0}" -gt "$peak" ] && peak=$now && echo "$peak" >"$work/peak"; sleep 0.2
  done ) &
sampler=$!
helpers+=("$sampler")
start=$(date +%s)
status=$(curl -s --max-time 600 -o "$work/import-report.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -H "X-Api-Key: $key" --data-binary @"$work/import.json" "$base/v1/imports")
[ "$status" = 200 ] || { echo "import answered $status:" >&2; head -c 2000 "$work/import-report.json" >&2; exit 1; }
total=$(curl -sf --max-time 30 "$base/v1/schemes?pageSize=1" | jq '.totalItems')
echo "imported $(jq '.created | length' "$work/import-report.json") schemes in $(($(date +%s) - start)) s; the catalogue lists ${total:-?}"
kill "$sampler" 2>/dev/null || true
echo "resident memory during the import, at most: $(awk '{printf "%.0f MiB", $1 / 1024}' "$work/peak")"
curl -sf --max-time 30 -o "$work/match.json" -X POST -H 'Content-Type: application/json' --data "$body" "$base/v1/matches"
warm -s tests/load/post-match.lua "$base/v1/matches"
warm "$search"
: >"$work/results"
measure "GET /health/live" "$base/health/live"
measure "POST /v1/matches (+$copies schemes)" -s tests/load/post-match.lua "$base/v1/matches"
measure "GET /v1/schemes?search=energie (+$copies)" "$search"
echo "resident memory after phase 2: $(rss)"
table

# Start to ready on the existing database (10,462 schemes, already migrated and seeded): the snapshot is built from it.
stop
started=$(date +%s%N)
env "${service_env[@]}" dotnet "$dll" --urls "$base" >"$work/service.log" 2>&1 &
pid=$!
until curl -sf --max-time 1 "$base/health/ready" >/dev/null; do
  kill -0 "$pid" 2>/dev/null || { echo "the service stopped:" >&2; cat "$work/service.log" >&2; exit 1; }
  [ $(( ($(date +%s%N) - started) / 1000000000 )) -lt 120 ] || { echo "not ready within 2 minutes" >&2; exit 1; }
  sleep 0.05
done
echo "start to /health/ready on the existing database: $(( ($(date +%s%N) - started) / 1000000 )) ms"
