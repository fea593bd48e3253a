#!/usr/bin/env bash
# Shared helpers for the Vigil benchmarks (sourced by ping-ingest.sh and scale.sh).
# - Everything is built OUTSIDE the checkout, in $BUILD (default ${TMPDIR:-/tmp}/vigil-bench):
#   the sources are copied there first, so no bin/ or obj/ lands in the repository.
# - Every server a script starts is registered with track_pid and stopped by its PID on exit.
# - All traffic goes to 127.0.0.1; every load is bounded (wrk -d, curl --max-time, timeout).
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
BUILD=${BUILD:-${TMPDIR:-/tmp}/vigil-bench}
RESULTS_DIR=${RESULTS_DIR:-$BUILD/results}
CLK=$(getconf CLK_TCK)
mkdir -p "$BUILD" "$RESULTS_DIR"

_TRACKED=()
track_pid() { _TRACKED+=("$1"); }
stop_pid() {   # stop one PID we started: TERM, wait up to 30 s (Vigil drains its write queue), then KILL
  local p=$1 i
  kill -0 "$p" 2>/dev/null || return 0
  kill -TERM "$p" 2>/dev/null || true
  for i in $(seq 1 300); do kill -0 "$p" 2>/dev/null || { wait "$p" 2>/dev/null || true; return 0; }; sleep 0.1; done
  echo "PID $p did not stop in 30 s; killing it" >&2
  kill -KILL "$p" 2>/dev/null || true
}
_cleanup() {
  local p
  for p in "${_TRACKED[@]:-}"; do [ -n "$p" ] && stop_pid "$p"; done
  if declare -F extra_cleanup >/dev/null; then extra_cleanup || true; fi
}
trap _cleanup EXIT
trap 'exit 130' INT TERM

need() { command -v "$1" >/dev/null || { echo "missing $1 (wrk: apt-get install -y wrk)" >&2; exit 1; }; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_http() {  # wait_http URL [seconds] [pid]: 0 once URL answers 2xx; fails on timeout or if pid died
  local url=$1 secs=${2:-30} pid=${3:-} i
  for i in $(seq 1 $((secs * 20))); do
    curl -sf -o /dev/null --max-time 1 "$url" && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then echo "server (PID $pid) exited while waiting for $url" >&2; return 1; fi
    sleep 0.05
  done
  echo "timeout waiting for $url" >&2; return 1
}

load_note() {  # one line describing what else the machine is doing right now
  local top
  top=$(ps -eo pcpu=,comm= --sort=-pcpu | head -3 | awk '{printf "%s %s%%; ", $2, $1}')
  echo "$(uptime | sed 's/.*load average/load average/'); top: $top"
}

# --- builds (copies of the sources, never in the checkout) -----------------------------------
build_vigil() {  # -> $BUILD/vigil/vigil
  local src=$BUILD/src
  rm -rf "$src" && mkdir -p "$src"
  (cd "$ROOT" && tar --exclude=bin --exclude=obj --exclude=.git --exclude=bench --exclude=data -cf - \
      Directory.Build.props Directory.Packages.props global.json eng src) | tar -xf - -C "$src"
  echo "building Vigil (Release) in $src ..." >&2
  (cd "$src" && dotnet publish src/Vigil.Cli -c Release -o "$BUILD/vigil" --nologo -v q >"$BUILD/vigil-build.log" 2>&1) \
    || { cat "$BUILD/vigil-build.log" >&2; exit 1; }
  VIGIL_BIN=$BUILD/vigil/vigil
  [ -x "$VIGIL_BIN" ] || { echo "no $VIGIL_BIN after publish" >&2; exit 1; }
}
build_ceiling() {  # -> $BUILD/ceiling/out/Ceiling
  rm -rf "$BUILD/ceiling" && mkdir -p "$BUILD/ceiling"
  cp "$BENCH"/ceiling/*.cs "$BENCH"/ceiling/*.csproj "$BUILD/ceiling/"
  echo "building the ceiling app in $BUILD/ceiling ..." >&2
  (cd "$BUILD/ceiling" && dotnet publish -c Release -o "$BUILD/ceiling/out" --nologo -v q >"$BUILD/ceiling-build.log" 2>&1) \
    || { cat "$BUILD/ceiling-build.log" >&2; exit 1; }
  CEILING_BIN=$BUILD/ceiling/out/Ceiling
}

# --- process measurements -------------------------------------------------------------------
# utime+stime+cutime+cstime (ticks) of the PIDs
proc_ticks() {
  local total=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    # field 2 (comm) has no spaces for our binaries, so plain field numbers are safe
    total=$((total + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat")))
  done
  echo "$total"
}
rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# busy and total jiffies of the whole machine
sys_ticks() { awk '/^cpu /{t=0; for(i=2;i<=NF;i++) t+=$i; print t-$5-$6, t}' /proc/stat; }

# measure LABEL RUN PID -- command...
# Runs the command (wrk with report.lua: prints a "RESULT k=v ..." line), adds the server's CPU
# (cores), the rest of the machine's busy cores (mostly wrk), machine busy % and server RSS, and
# appends one line to $RESULTS_DIR/results.kv (also echoed).
measure() {
  local label=$1 run=$2 pid=$3; shift 3; [ "$1" = "--" ] && shift
  local c0 c1 b0 t0 b1 t1 w0 w1 out res rss extra
  c0=$(proc_ticks "$pid"); read -r b0 t0 < <(sys_ticks); w0=$(date +%s.%N)
  out=$("$@" 2>&1) || { echo "$out" >&2; echo "command failed: $*" >&2; return 1; }
  c1=$(proc_ticks "$pid"); read -r b1 t1 < <(sys_ticks); w1=$(date +%s.%N)
  rss=$(rss_kb "$pid")
  { echo "### $label run=$run $(date -Is)"; echo "\$ $*"; echo "$out"; } >> "$RESULTS_DIR/raw.log"
  res=$(grep '^RESULT' <<<"$out" | tail -1 | sed 's/^RESULT //')
  [ -n "$res" ] || { echo "$out" >&2; echo "no RESULT line from: $*" >&2; return 1; }
  extra=$(awk -v c0="$c0" -v c1="$c1" -v clk="$CLK" -v w0="$w0" -v w1="$w1" -v b0="$b0" -v b1="$b1" \
              -v t0="$t0" -v t1="$t1" -v rss="$rss" -v ncpu="$(nproc)" \
    'BEGIN{ s=(c1-c0)/clk/(w1-w0); b=(b1-b0)/(t1-t0);
            printf "srv_cpu_cores=%.2f other_cpu_cores=%.2f machine_busy_pct=%.0f srv_rss_mb=%.1f", s, b*ncpu-s, 100*b, rss/1024 }')
  echo "test=$label run=$run $res $extra" | tee -a "$RESULTS_DIR/results.kv"
}

# run_wrk_set LABEL PID wrk-args...  : one warm-up of $WARM s (also recorded, as run=warm, so its
# acknowledged pings can be counted), then $RUNS measured runs of $DUR s.
run_wrk_set() {
  local label=$1 pid=$2 r; shift 2
  measure "$label" warm "$pid" -- wrk -d "${WARM}s" --timeout 10s "$@" >/dev/null
  for r in $(seq 1 "$RUNS"); do
    sleep 1
    measure "$label" "$r" "$pid" -- wrk -d "${DUR}s" --timeout 10s "$@" >/dev/null
  done
}

# start_vigil_with_monitors: `vigil serve` on 127.0.0.1:$SRV_PORT (durability $DURABILITY, rate limit off) with a fresh
# data dir in $WORK, then $MONITORS heartbeat monitors created through the API and their ids in $WORK/ids.txt.
# Sets SRV_URL, SRV_PID, VIGIL_API_KEY and n (the monitors the API lists). Needs WORK, PY and VIGIL_BIN.
start_vigil_with_monitors() {
  SRV_URL=http://127.0.0.1:$SRV_PORT
  export VIGIL_API_KEY=bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  cat >"$WORK/vigil.yaml" <<YAML
storage:
  durability: $DURABILITY
pings:
  rate_limit: 0
YAML
  mkdir -p "$WORK/data"
  "$VIGIL_BIN" serve --config "$WORK/vigil.yaml" --data-dir "$WORK/data" --urls "$SRV_URL" >"$WORK/vigil.log" 2>&1 &
  SRV_PID=$!; track_pid "$SRV_PID"
  wait_http "$SRV_URL/healthz" 60 "$SRV_PID" || { tail -20 "$WORK/vigil.log" >&2; exit 1; }
  $PY create-monitors "$SRV_URL" "$MONITORS"
  n=$($PY list-ids "$SRV_URL" "$WORK/ids.txt")
  [ "$n" -ge "$MONITORS" ] || { echo "expected $MONITORS monitors, the API lists $n" >&2; exit 1; }
}
