# Shared by the load scripts (source it after setting base): a temporary work folder, the service in Release on $base
# with a temporary database and rate limits off, and stopping whatever the script started, cleanly and then for sure.
work=$(mktemp -d)
pid=""
helpers=()
# A release publish for this platform, compiled ahead of time (ReadyToRun) as the container is.
dll=$work/publish/Matchmaker.Api.dll
service_env=(
  ConnectionStrings__Matchmaker="Data Source=$work/matchmaker.db"
  RateLimits__AnonymousPerMinute=0 RateLimits__PerKeyPerMinute=0
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
)

require() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install -y $tool)" >&2; exit 2; }
  done
}

stop() {
  for p in "${helpers[@]}"; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  helpers=()
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    # Give it ten seconds to shut down cleanly, then no more.
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
  fi
}
trap 'stop; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Builds and starts the service; arguments are extra settings (Name=value). Fails with the service's log if it stops or
# is not ready within two minutes.
start_service() {
  service_env+=("$@")
  timeout 600 dotnet publish api -c Release -r linux-x64 --self-contained false -o "$work/publish" -v q -nologo >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
  env "${service_env[@]}" dotnet "$dll" --urls "$base" >"$work/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do
    curl -sf --max-time 2 "$base/health/ready" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "the service stopped:" >&2; cat "$work/service.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the service was not ready within 2 minutes" >&2
  cat "$work/service.log" >&2
  exit 1
}

# The CLI against the same database and settings, e.g. cli apikeys create --role admin
cli() { env "${service_env[@]}" timeout 120 dotnet "$dll" "$@"; }
