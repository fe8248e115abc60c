#!/usr/bin/env bash
# Load test on loopback: GET /health/live vs POST /v1/matches (wrk, 2 threads, 32 connections), first with the real
# catalogue, then with 10,000 synthetic schemes loaded, reporting requests/s, p99 and the service's resident memory.
# Needs wrk (apt-get install -y wrk). Usage: tests/load/run.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
port=5181
work=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk"; exit 2; }

# The benchmarks project builds the service too, both in Release.
dotnet build -c Release tests/Matchmaker.Benchmarks -v q -nologo >/dev/null
dotnet run -c Release --no-build --project tests/Matchmaker.Benchmarks -- synthetic-data "$work/data10k" 10000

start() { # $1 = data folder or "" for the real catalogue
  local data_env=()
  [ -n "$1" ] && data_env=(Catalogue__DataPath="$1")
  env "${data_env[@]}" ConnectionStrings__Matchmaker="Data Source=$work/db-$RANDOM.db" RateLimits__AnonymousPerMinute=0 \
    Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet api/bin/Release/net10.0/Matchmaker.Api.dll --urls "http://127.0.0.1:$port" >"$work/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && return 0; sleep 0.5; done
  echo "service did not become ready"; cat "$work/service.log"; exit 1
}
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap 'stop; rm -rf "$work"' EXIT

measure() { # $1 label, rest: wrk args
  local label=$1; shift
  wrk -t2 -c32 -d"${seconds}s" --latency "$@" >"$work/wrk.txt"
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
  errors=$(grep -E 'Non-2xx|Socket errors|non-2xx or errors' "$work/wrk.txt" | tr '\n' ' ')
  printf '%-34s %10s req/s   p99 %8s   %s\n' "$label" "$rps" "$p99" "${errors:-no errors}" >&2
  echo "$rps"
}

rss() { awk '/VmRSS|VmHWM/ {printf "%s %.0f MiB  ", $1, $2/1024}' "/proc/$pid/status"; echo; }

echo "== real catalogue"
start ""
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data @<(sed -n 's/^wrk.body = \[\[\(.*\)\]\]$/\1/p' tests/load/post-match.lua) "http://127.0.0.1:$port/v1/matches"
live=$(measure "GET /health/live" "http://127.0.0.1:$port/health/live")
match=$(measure "POST /v1/matches" -s tests/load/post-match.lua "http://127.0.0.1:$port/v1/matches")
awk -v m="$match" -v l="$live" 'BEGIN { printf "matches / live: %.0f%% (target >= 30%%)\n", 100*m/l }'
rss
stop

echo "== 10,000 synthetic schemes"
start "$work/data10k"
measure "POST /v1/matches (10k schemes)" -s tests/load/post-match.lua "http://127.0.0.1:$port/v1/matches" >/dev/null
rss
