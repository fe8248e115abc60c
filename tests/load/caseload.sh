#!/usr/bin/env bash
# Caseload under load: PROFILES saved firm profiles (default 1,000) subscribed to match.new, then ROUNDS times (default
# 3): wrk measures POST /v1/matches for DURATION ("before"), then again while a catalogue write that is news for every
# saved profile is detected and delivered ("during"). Prints per round how long until the last event reached the
# receiver and the p99 of matching before and during, and the median of the during/before ratios (the same wrk settings
# as run.sh). A warm-up run of DURATION comes first and is not counted: the first seconds of a new process are JIT time.
# The receiver runs at the lowest CPU priority (nice 19): it stands for a machine elsewhere, not for this service.
#
# Usage: [PROFILES=1000] [ROUNDS=3] tests/load/caseload.sh [PORT] [DURATION]   (defaults 5081 and 15 s)
# Needs wrk, curl, jq and python3 (the receiver, tests/load/receiver.py). Starts the service (Release) with a temporary
# database, rate limits off and Webhooks__AllowPrivateNetworks=true (the receiver is on loopback); stops what it started.
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${1:-5081}
seconds=${2:-15}
seconds=${seconds%s}
profiles=${PROFILES:-1000}
rounds=${ROUNDS:-3}
base="http://127.0.0.1:$port"
. tests/load/service.sh
require wrk curl jq python3

echo "== building (Release) and starting the service on $base"
start_service Webhooks__AllowPrivateNetworks=true Logging__LogLevel__Matchmaker.Api.Caseload=Information

receiver_port=$((port + 1))
: >"$work/received.log"
nice -n 19 python3 tests/load/receiver.py "$receiver_port" "$work/received.log" &
helpers+=($!)
adviser=$(cli apikeys create --role adviser --organisation load-test 2>/dev/null | tail -n 1)
admin=$(cli apikeys create --role admin 2>/dev/null | tail -n 1)

echo "== saving $profiles firm profiles (firms in 40 municipalities that want to save energy)"
started=$(date +%s)
curl -sf "$base/v1/municipalities?pageSize=500" | jq -r '.items[:40][].code' >"$work/municipalities"
mapfile -t codes <"$work/municipalities"
for i in $(seq 1 "$profiles"); do
  printf '{"name":"Firma %d","company":{"municipalityCode":"%s","employees":%d,"legalForm":"bv"},"need":{"description":"energie besparen in ons bedrijfspand"}}\n' \
    "$i" "${codes[$((i % ${#codes[@]}))]}" $((2 + i % 40))
done >"$work/profiles.jsonl"
xargs -P 4 -d '\n' -I{} curl -sf -o /dev/null -X POST "$base/v1/profiles" -H "X-Api-Key: $adviser" -H 'Content-Type: application/json' -d '{}' \
  <"$work/profiles.jsonl"
saved=$(curl -sf "$base/v1/profiles?pageSize=1" -H "X-Api-Key: $adviser" | jq .totalItems)
echo "saved $saved profiles in $(($(date +%s) - started)) s"
curl -sf -o /dev/null -X POST "$base/v1/subscriptions" -H "X-Api-Key: $adviser" -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$receiver_port/hook\",\"events\":[\"match.new\"]}"

# A national scheme for saving energy, open now: news for every saved firm. Each round writes one under a new id.
scheme() {
  printf '%s' '{"id":"load-energiebesparing-'"$1"'","title":{"nl":"Energiebesparing in bedrijfspanden '"$1"'","en":"Energy saving in business premises '"$1"'"},
 "summary":{"nl":"Subsidie om energie te besparen in het bedrijfspand.","en":"Grant to save energy in business premises."},
 "provider":"rvo","level":"national","instrument":"subsidy","themes":["energy"],"phases":["investment"],"areas":["NL"],
 "purposes":["save-energy"],"keywords":{"nl":["energie besparen","bedrijfspand"],"en":["energy saving"]},
 "applicationWindows":[{"mode":"window","opensOn":"2026-01-01","closesOn":"2027-12-31"}],
 "url":"https://example.org/load-energiebesparing","sourceUrl":"https://example.org/load-energiebesparing","lastVerifiedOn":"2026-11-20"}'
}

measure() {
  timeout $((seconds + 60)) wrk -t2 -c32 -d"${seconds}s" --timeout 10s --latency -s tests/load/post-match.lua "$base/v1/matches" >"$1" 2>&1 || true
  awk '$1=="99%" {print $2}' "$1"
}

# wrk prints 12.34ms, 1.20s or 900.00us; in milliseconds:
ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) print v / 1000; else if (v ~ /ms$/) print v + 0; else print v * 1000 }'; }

echo "== warm-up: POST /v1/matches for ${seconds}s (not counted)"
measure "$work/warmup.txt" >/dev/null
: >"$work/ratios"
printf '%-6s %12s %12s %7s %10s %14s %14s\n' round "p99 before" "p99 during" ratio events "last event" "req/s b/d" >"$work/table"
for round in $(seq 1 "$rounds"); do
  echo "== round $round: POST /v1/matches ${seconds}s before, then ${seconds}s while a change for every profile is detected"
  before=$(measure "$work/before.txt")
  had=$(grep -c ' match.new ' "$work/received.log" || true)
  measure "$work/during.txt" >"$work/during.p99" &
  wrk_pid=$!
  sleep 1
  written=$(date +%s.%N)
  curl -sf -o /dev/null -X POST "$base/v1/schemes" -H "X-Api-Key: $admin" -H 'Content-Type: application/json' -d "$(scheme "$round")"
  for _ in $(seq 1 600); do
    [ "$(grep -c ' match.new ' "$work/received.log" || true)" -ge $((had + saved)) ] && break
    sleep 0.1
  done
  wait "$wrk_pid" || true
  during=$(cat "$work/during.p99")
  events=$(($(grep -c ' match.new ' "$work/received.log" || true) - had))
  last=$(awk -v from="$written" '$2 == "match.new" && $1 >= from - 1 && $1 > m {m = $1} END {printf "%.3f", m}' "$work/received.log")
  ratio=$(awk -v b="$(ms "$before")" -v d="$(ms "$during")" 'BEGIN { printf "%.2f", d / b }')
  echo "$ratio" >>"$work/ratios"
  printf '%-6s %12s %12s %7s %10s %13.1fs %14s\n' "$round" "$before" "$during" "$ratio" "$events/$saved" \
    "$(echo "$last - $written" | bc)" "$(awk '/Requests\/sec/ {printf "%d", $2}' "$work/before.txt")/$(awk '/Requests\/sec/ {printf "%d", $2}' "$work/during.txt")" >>"$work/table"
done

echo
uptime
cat "$work/table"
sed -nE 's/.*matched again \(([0-9]+) ms of matching in ([0-9]+) ms\).*/\1 \2/p' "$work/service.log" \
  | awk '{m += $1; e += $2} END {printf "change detection, all rounds: %d ms of matching over %d ms\n", m, e}'
sort -n "$work/ratios" | awk '{r[NR] = $1} END {printf "median p99 during/before: %.2f (target at most 1.20)\n", r[int((NR + 1) / 2)]}'
