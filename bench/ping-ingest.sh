#!/usr/bin/env bash
# Ping ingest: requests/s of POST /ping/<uuid> into Vigil, against the ceiling of a bare Kestrel app and
# Debian's prometheus-pushgateway (a Go push-ingest peer), with the same wrk settings in the same run.
#
#   bench/ping-ingest.sh                          # RUNS=3 DUR=10 WARM=3, 10,000 monitors, commit mode
#   RUNS=1 DUR=10 bench/ping-ingest.sh            # quick
#   DURABILITY=buffered bench/ping-ingest.sh      # acknowledge on enqueue instead of on commit
#
#   DOTNET_gcServer=1 bench/ping-ingest.sh        # Vigil with Server GC (it ships with Workstation GC)
#   PUSHGATEWAY=0 bench/ping-ingest.sh            # without the Pushgateway runs
#
# Env: RUNS (3) DUR (10 s) WARM (3 s) MONITORS (10000) THREADS (2) CONNS (128) DURABILITY (commit)
#      CEIL_PORT (5181) SRV_PORT (5182) PGW_PORT (5184) PUSHGATEWAY (1) BUILD (${TMPDIR:-/tmp}/vigil-bench) NO_BUILD=1 (reuse the last build)
# 1. builds Vigil (Release) and bench/ceiling in $BUILD (never inside the checkout)
# 2. ceiling: wrk -t2 -c128 POST /ping/<random uuid>  (warm-up + RUNS runs)
# 2b. prometheus-pushgateway (installed with apt-get when missing), twice, a fresh process each time: with its
#    default consistency check, and with --push.disable-consistency-check. wrk POSTs a one-sample text body to
#    /metrics/job/bench/instance/<i>, i drawn from MONITORS instances. Nothing it keeps is durable (no fsync).
# 3. Vigil with rate limiting off, durability commit (or $DURABILITY), MONITORS heartbeat monitors created
#    through the API; wrk -t2 -c128 POST /ping/<id> over those ids (warm-up + RUNS runs)
# 4. stops Vigil (graceful drain) and checks the database holds at least every acknowledged ping
# Prints the median run of each: requests/s, p50, p99, non-2xx, server CPU and RSS, and Vigil/ceiling.
source "$(dirname "$0")/lib.sh"
need wrk; need dotnet; need curl; need python3
RUNS=${RUNS:-3}; DUR=${DUR:-10}; WARM=${WARM:-3}
MONITORS=${MONITORS:-10000}; THREADS=${THREADS:-2}; CONNS=${CONNS:-128}
DURABILITY=${DURABILITY:-commit}
CEIL_PORT=${CEIL_PORT:-5181}; SRV_PORT=${SRV_PORT:-5182}
PY="python3 $BENCH/vigil_bench.py"

RESULTS_DIR=$RESULTS_DIR/ingest-$(date +%Y%m%d-%H%M%S); mkdir -p "$RESULTS_DIR"
WORK=$(mktemp -d "$BUILD/ingest.XXXXXX")
extra_cleanup() { rm -rf "$WORK"; }

PGW_PORT=${PGW_PORT:-5184}; PUSHGATEWAY=${PUSHGATEWAY:-1}
for p in "$CEIL_PORT" "$SRV_PORT" "$PGW_PORT"; do port_free "$p" || { echo "port $p is in use (set CEIL_PORT / SRV_PORT / PGW_PORT)" >&2; exit 1; }; done
if [ "$PUSHGATEWAY" = 1 ] && ! command -v prometheus-pushgateway >/dev/null; then
  echo "installing prometheus-pushgateway" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -qq prometheus-pushgateway >/dev/null
  # Debian's package starts a system service on :9091; the benchmark starts its own and leaves that one alone.
fi
if [ "${NO_BUILD:-}" = 1 ] && [ -x "$BUILD/vigil/vigil" ] && [ -x "$BUILD/ceiling/out/Ceiling" ]; then
  VIGIL_BIN=$BUILD/vigil/vigil; CEILING_BIN=$BUILD/ceiling/out/Ceiling
else
  build_vigil; build_ceiling
fi
LOAD=(-t"$THREADS" -c"$CONNS" --latency -s "$BENCH/ping.lua")
echo "machine: $(nproc) cores; before the ceiling: $(load_note)" | tee "$RESULTS_DIR/load.txt"

# --- ceiling ----------------------------------------------------------------------------------
CEIL_URL=http://127.0.0.1:$CEIL_PORT
"$CEILING_BIN" --urls "$CEIL_URL" >"$WORK/ceiling.log" 2>&1 &
CEIL_PID=$!; track_pid "$CEIL_PID"
wait_http "$CEIL_URL/healthz" 30 "$CEIL_PID"
run_wrk_set ceiling "$CEIL_PID" "${LOAD[@]}" "$CEIL_URL" -- 4096
stop_pid "$CEIL_PID"

# --- prometheus-pushgateway: consistency check on (its default), then off --------------------------
PGW_LABELS=()
if [ "$PUSHGATEWAY" = 1 ]; then
  PGW_URL=http://127.0.0.1:$PGW_PORT
  PUSH_LOAD=(-t"$THREADS" -c"$CONNS" --latency -s "$BENCH/push.lua")
  for mode in check nocheck; do
    flags=(); [ "$mode" = nocheck ] && flags=(--push.disable-consistency-check)
    prometheus-pushgateway --web.listen-address="127.0.0.1:$PGW_PORT" --persistence.file="$WORK/pushgateway-$mode.data" \
      --log.level=warn "${flags[@]}" >"$WORK/pushgateway-$mode.log" 2>&1 &
    PGW_PID=$!; track_pid "$PGW_PID"
    wait_http "$PGW_URL/-/ready" 30 "$PGW_PID"
    echo "pushgateway ($mode): $(prometheus-pushgateway --version 2>&1 | head -1); before the load: $(load_note)" | tee -a "$RESULTS_DIR/load.txt"
    run_wrk_set "pushgw-$mode" "$PGW_PID" "${PUSH_LOAD[@]}" "$PGW_URL" -- "$MONITORS"
    stop_pid "$PGW_PID"
    PGW_LABELS+=("pushgw-$mode")
  done
fi

# --- Vigil ------------------------------------------------------------------------------------
start_vigil_with_monitors
echo "Vigil: $n monitors, durability $DURABILITY, rate limit off; before the load: $(load_note)" | tee -a "$RESULTS_DIR/load.txt"
run_wrk_set vigil "$SRV_PID" "${LOAD[@]}" "$SRV_URL" -- "$WORK/ids.txt"
RSS_AFTER=$(rss_kb "$SRV_PID")
stop_pid "$SRV_PID"

# --- durability check: everything acknowledged is in the database ------------------------------
ACKED=$($PY ok-sum "$RESULTS_DIR/results.kv" vigil)
STORED=$($PY stored "$WORK/data/vigil.db")
SUM=$(sed 's/.*ping_count_sum=\([0-9]*\).*/\1/' <<<"$STORED")
ROWS=$(sed 's/.*ping_rows=\([0-9]*\).*/\1/' <<<"$STORED")
ERRLINES=$(grep -ciE '"LogLevel":"(Error|Critical)"|fail:|crit:' "$WORK/vigil.log" || true)
cp "$WORK/vigil.log" "$RESULTS_DIR/vigil.log"

echo
echo "== ping ingest: wrk -t$THREADS -c$CONNS -d${DUR}s, $RUNS run(s) after ${WARM}s warm-up; $MONITORS monitors; durability $DURABILITY; DOTNET_gcServer=${DOTNET_gcServer:-unset} (Vigil's default: workstation GC; ceiling: server GC) =="
$PY table "$RESULTS_DIR/results.kv" ceiling vigil "${PGW_LABELS[@]}"
echo "Vigil RSS after the last run: $((RSS_AFTER / 1024)) MB; error lines in Vigil's log: $ERRLINES"
if [ "$SUM" -ge "$ACKED" ] && [ "$ROWS" -ge "$ACKED" ]; then verdict=OK; else verdict=LOST; fi
echo "stored check: 2xx acknowledged by Vigil (all runs incl. warm-up) = $ACKED; sum(ping_count) = $SUM; ping rows = $ROWS -> $verdict"
echo "raw results: $RESULTS_DIR (results.kv, raw.log, load.txt, vigil.log)"
[ "$verdict" = OK ]
