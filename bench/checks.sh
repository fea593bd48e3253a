#!/usr/bin/env bash
# Active checks: Vigil's HTTP and TCP checks against Prometheus blackbox_exporter, both probing one local nginx.
#
#   bench/checks.sh                               # SUSTAIN=300: the issue's 5 minutes; ~17 min with the build
#   SUSTAIN=60 bench/checks.sh                    # shorter, ~12 min
#   NO_BUILD=1 N_SUSTAINED=0 MODES=tcp BB_MODULES=tcp_connect RUNS=3 bench/checks.sh   # TCP only
#   NO_BUILD=1 MODES="http tcp" bench/checks.sh   # reuse the last build, skip the fresh-connection HTTP run
#
# Env: N_SUSTAINED (10000) INTERVAL (10 s) SUSTAIN (300 s) N_MAX (30000) MAX_DUR (30 s) RUNS (1) WARM (5 s)
#      MODES ("http http_fresh tcp") MAX_CONCURRENT (1024) QUEUE_CAP (100000) HTTP_CONNS (64) BB_CONNS (64)
#      BB_MODULES ("http_2xx tcp_connect"); N_SUSTAINED=0, MODES="" or BB_MODULES="" skip that part
#      BUILD (${TMPDIR:-/tmp}/vigil-bench) NO_BUILD=1 (reuse the last build); ports are picked free on 127.0.0.1
# 1. nginx (bench/checks/nginx.conf, one worker) serving a 3-byte tiny.txt
# 2. sustained: Vigil with its default checks settings, N_SUSTAINED http monitors every INTERVAL s created through
#    the API; after one INTERVAL of warm-up, checks/s, Vigil's CPU, skips and drift over SUSTAIN s
# 3. maximum: for each of MODES a fresh Vigil (new data dir) with raised limits and N_MAX monitors every 1 s:
#    http (pooled keep-alive), http_fresh (fresh_connection: a new TCP connection per check, as blackbox does),
#    tcp (connect to nginx's port); completed checks/s and CPU over RUNS windows of MAX_DUR s after WARM s
# 4. blackbox_exporter (bench/checks/blackbox.yml) http_2xx and tcp_connect against the same nginx, driven by
#    wrk -t1 -c$BB_CONNS on /probe for MAX_DUR s (warm-up WARM s); bench/checks/probe.lua counts failed probes
# Prints the sustained row and checks (probes) per CPU-second of each side with their ratio.
source "$(dirname "$0")/lib.sh"
need wrk; need dotnet; need curl; need python3; need nginx; need prometheus-blackbox-exporter
N_SUSTAINED=${N_SUSTAINED:-10000}; INTERVAL=${INTERVAL:-10}; SUSTAIN=${SUSTAIN:-300}
N_MAX=${N_MAX:-30000}; MAX_DUR=${MAX_DUR:-30}; RUNS=${RUNS:-1}; WARM=${WARM:-5}
MODES=${MODES-http http_fresh tcp}
MAX_CONCURRENT=${MAX_CONCURRENT:-1024}; QUEUE_CAP=${QUEUE_CAP:-100000}; HTTP_CONNS=${HTTP_CONNS:-64}
BB_CONNS=${BB_CONNS:-64}; BB_MODULES=${BB_MODULES-http_2xx tcp_connect}
PY="python3 $BENCH/vigil_bench.py"
CMDLINE="$(for v in N_SUSTAINED INTERVAL SUSTAIN N_MAX MAX_DUR RUNS WARM MAX_CONCURRENT QUEUE_CAP HTTP_CONNS BB_CONNS; do
  printf '%s=%s ' "$v" "${!v}"; done)MODES=\"$MODES\" BB_MODULES=\"$BB_MODULES\" bench/checks.sh"

RESULTS_DIR=$RESULTS_DIR/checks-$(date +%Y%m%d-%H%M%S); mkdir -p "$RESULTS_DIR"
WORK=$(mktemp -d "$BUILD/checks.XXXXXX"); chmod 755 "$WORK"   # nginx workers run as nobody
extra_cleanup() { rm -rf "$WORK"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

if [ "${NO_BUILD:-}" = 1 ] && [ -x "$BUILD/vigil/vigil" ]; then VIGIL_BIN=$BUILD/vigil/vigil; else build_vigil; fi
export VIGIL_API_KEY=bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
note() { echo "$1: $(load_note)" | tee -a "$RESULTS_DIR/load.txt"; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(nginx -v 2>&1 | sed 's/.*: //'); $(prometheus-blackbox-exporter --version 2>&1 | head -1)" \
  | tee "$RESULTS_DIR/load.txt"
note "before nginx"

# --- nginx: the target of every check and probe --------------------------------------------------
NG_PORT=$(free_port)
mkdir -p "$WORK/nginx/html"; printf 'OK\n' > "$WORK/nginx/html/tiny.txt"
sed "s/@PORT@/$NG_PORT/" "$BENCH/checks/nginx.conf" > "$WORK/nginx/nginx.conf"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx/stdout.log" 2>&1 &
NGINX=$!; track_pid "$NGINX"
TARGET=http://127.0.0.1:$NG_PORT/tiny.txt
wait_http "$TARGET" 30 "$NGINX"
NGINX_PIDS="$NGINX $(ps -o pid= --ppid "$NGINX" | tr '\n' ' ')"   # master + worker: the worker does the work

# --- Vigil ----------------------------------------------------------------------------------------
# start_vigil NAME [CONFIG]: a fresh data dir each time; sets SRV_URL, SRV_PID
start_vigil() {
  local name=$1 config=${2:-}
  SRV_URL=http://127.0.0.1:$(free_port)
  mkdir -p "$WORK/$name/data"
  "$VIGIL_BIN" serve ${config:+--config "$config"} --data-dir "$WORK/$name/data" --urls "$SRV_URL" \
    >"$WORK/$name/vigil.log" 2>&1 &
  SRV_PID=$!; track_pid "$SRV_PID"
  wait_http "$SRV_URL/healthz" 60 "$SRV_PID" || { tail -20 "$WORK/$name/vigil.log" >&2; exit 1; }
}
# window LABEL RUN SECS EXTRA: one results.kv line from check-window + the monitors' statuses
window() {
  local line
  line=$($PY check-window "$SRV_URL" "$3" "$SRV_PID" $NGINX_PIDS)
  echo "test=$1 run=$2 $line $($PY count-monitors "$SRV_URL") $4" | tee -a "$RESULTS_DIR/results.kv"
}
# stop_vigil NAME: stop it, keep its log, count its error lines and show the first three
stop_vigil() {
  local name=$1 errs
  stop_pid "$SRV_PID"
  cp "$WORK/$name/vigil.log" "$RESULTS_DIR/vigil-$name.log"
  errs=$(grep -ciE '"LogLevel":"(Error|Critical)"|fail:|crit:' "$WORK/$name/vigil.log" || true)
  echo "$name: error lines in Vigil's log: $errs" | tee -a "$RESULTS_DIR/load.txt"
  [ "$errs" = 0 ] || { grep -iE '"LogLevel":"(Error|Critical)"|fail:|crit:' "$WORK/$name/vigil.log" | head -3 | cut -c1-400 >&2 || true; }
}
# settle: wait (at most 75 s) until the TIME_WAIT sockets of earlier runs to nginx's port have expired (60 s on
# Linux): tens of thousands of them make every later connect() search longer for a free port, which slowed
# blackbox by ~25 % when it ran right after Vigil's TCP run.
settle() {
  local i n
  for i in $(seq 1 75); do
    n=$(ss -Htan state time-wait "( sport = :$NG_PORT or dport = :$NG_PORT )" | wc -l)
    [ "$n" -lt 1000 ] && return 0
    sleep 1
  done
  echo "still $n TIME_WAIT sockets to port $NG_PORT after 75 s" >&2
}
template() {  # template MODE INTERVAL: the monitor fields for create-checks
  case $1 in
    http)       echo "{\"type\":\"http\",\"url\":\"$TARGET\",\"interval_seconds\":$2,\"timeout_seconds\":$(( $2 < 5 ? $2 : 5 ))}" ;;
    http_fresh) echo "{\"type\":\"http\",\"url\":\"$TARGET\",\"fresh_connection\":true,\"interval_seconds\":$2,\"timeout_seconds\":$(( $2 < 5 ? $2 : 5 ))}" ;;
    tcp)        echo "{\"type\":\"tcp\",\"host\":\"127.0.0.1\",\"port\":$NG_PORT,\"interval_seconds\":$2,\"timeout_seconds\":$(( $2 < 5 ? $2 : 5 ))}" ;;
  esac
}

# --- sustained: default settings, N_SUSTAINED checks every INTERVAL s -------------------------------
if [ "$N_SUSTAINED" -gt 0 ]; then
  start_vigil sustained
  note "sustained: before creating $N_SUSTAINED monitors"
  $PY create-checks "$SRV_URL" "$N_SUSTAINED" "$(template http "$INTERVAL")"
  sleep "$INTERVAL"
  note "sustained: start of the ${SUSTAIN} s window"
  window vigil.sustained.http 1 "$SUSTAIN" "interval=$INTERVAL"
  note "sustained: end"
  stop_vigil sustained
fi

# --- maximum: N_MAX checks every second, raised limits, one fresh Vigil per mode -------------------
cat >"$WORK/max.yaml" <<YAML
checks:
  max_concurrent: $MAX_CONCURRENT
  queue_capacity: $QUEUE_CAP
  http:
    max_connections_per_server: $HTTP_CONNS
YAML
for mode in $MODES; do
  settle
  start_vigil "max-$mode" "$WORK/max.yaml"
  note "max $mode: before creating $N_MAX monitors"
  $PY create-checks "$SRV_URL" "$N_MAX" "$(template "$mode" 1)"
  sleep "$WARM"
  for r in $(seq 1 "$RUNS"); do
    note "max $mode run $r"
    window "vigil.max.$mode" "$r" "$MAX_DUR" "interval=1"
  done
  stop_vigil "max-$mode"
done

# --- blackbox_exporter, driven by wrk on /probe -------------------------------------------------
if [ -n "$BB_MODULES" ]; then
  BB_PORT=$(free_port)
  BB=http://127.0.0.1:$BB_PORT
  prometheus-blackbox-exporter --config.file="$BENCH/checks/blackbox.yml" --web.listen-address="127.0.0.1:$BB_PORT" \
    --log.level=warn >"$WORK/blackbox.log" 2>&1 &
  BB_PID=$!; track_pid "$BB_PID"
  wait_http "$BB/-/healthy" 30 "$BB_PID"
  curl -sf --max-time 10 "$BB/probe?target=$TARGET&module=http_2xx" | grep -q '^probe_success 1' \
    || { echo "blackbox cannot probe $TARGET" >&2; exit 1; }
  for module in $BB_MODULES; do
    settle
    [ "$module" = http_2xx ] && target=$TARGET || target=127.0.0.1:$NG_PORT
    load=(wrk -t1 -c"$BB_CONNS" --latency --timeout 10s -s "$BENCH/checks/probe.lua" "$BB" -- "$target" "$module")
    measure "blackbox.$module" warm "$BB_PID" -- "${load[0]}" -d "${WARM}s" "${load[@]:1}" >/dev/null
    for r in $(seq 1 "$RUNS"); do
      note "blackbox $module run $r"
      n0=$(proc_ticks $NGINX_PIDS); w0=$(date +%s.%N)
      measure "blackbox.$module" "$r" "$BB_PID" -- "${load[0]}" -d "${MAX_DUR}s" "${load[@]:1}"
      n1=$(proc_ticks $NGINX_PIDS); w1=$(date +%s.%N)
      echo "test=nginx.blackbox.$module run=$r nginx_cores=$(awk -v a="$n0" -v b="$n1" -v c="$CLK" -v s="$w0" -v e="$w1" \
        'BEGIN{printf "%.3f", (b-a)/c/(e-s)}')" >> "$RESULTS_DIR/results.kv"
    done
  done
  stop_pid "$BB_PID"
fi

echo
echo "== active checks: Vigil vs blackbox_exporter 0.23, both probing nginx (1 worker) on 127.0.0.1; $(nproc) cores shared =="
$PY checks-table "$RESULTS_DIR/results.kv"
echo "nginx CPU while blackbox ran (cores): $(grep '^test=nginx.blackbox' "$RESULTS_DIR/results.kv" | sed 's/test=nginx.blackbox.//; s/ nginx_cores=/ /' | tr '\n' ';')"
echo "Vigil max settings: checks.max_concurrent=$MAX_CONCURRENT checks.queue_capacity=$QUEUE_CAP checks.http.max_connections_per_server=$HTTP_CONNS; wrk -t1 -c$BB_CONNS on blackbox"
echo "command: $CMDLINE"
echo "load during the phases:"; sed 's/^/  /' "$RESULTS_DIR/load.txt"
echo "raw results: $RESULTS_DIR (results.kv, raw.log, load.txt, vigil-*.log)"
