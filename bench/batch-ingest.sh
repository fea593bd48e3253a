#!/usr/bin/env bash
# Batch ingest: durable pings/s through POST /api/v1/pings with PER (1,000) items per request.
#
#   bench/batch-ingest.sh                          # RUNS=3 DUR=10 WARM=3, 10,000 monitors, commit mode
#   RUNS=1 DUR=5 MONITORS=1000 bench/batch-ingest.sh   # quick
#   DURABILITY=buffered bench/batch-ingest.sh
#
# Env: RUNS (3) DUR (10 s) WARM (3 s) MONITORS (10000) PER (1000) THREADS (2) CONNS (8) DURABILITY (commit)
#      SRV_PORT (5185) BUILD (${TMPDIR:-/tmp}/vigil-bench) NO_BUILD=1 (reuse the last build)
# 1. builds Vigil (Release) in $BUILD (never inside the checkout)
# 2. Vigil with rate limiting off and durability commit (or $DURABILITY); MONITORS heartbeat monitors created
#    through the API
# 3. wrk -t2 -c8 POST /api/v1/pings, each body a JSON array of PER {"uuid": …} items drawn from those monitors
#    (bench/batch.lua: 16 prebuilt bodies per thread); every answer's "accepted" is counted, so pings/s is what
#    Vigil acknowledged as stored, not requests × PER. In commit mode an answer comes after its pings committed.
# 4. stops Vigil (graceful drain) and checks the database holds at least every accepted ping
source "$(dirname "$0")/lib.sh"
need wrk; need dotnet; need curl; need python3
RUNS=${RUNS:-3}; DUR=${DUR:-10}; WARM=${WARM:-3}
MONITORS=${MONITORS:-10000}; PER=${PER:-1000}; THREADS=${THREADS:-2}; CONNS=${CONNS:-8}
DURABILITY=${DURABILITY:-commit}; SRV_PORT=${SRV_PORT:-5185}
PY="python3 $BENCH/vigil_bench.py"

RESULTS_DIR=$RESULTS_DIR/batch-$(date +%Y%m%d-%H%M%S); mkdir -p "$RESULTS_DIR"
WORK=$(mktemp -d "$BUILD/batch.XXXXXX")
extra_cleanup() { rm -rf "$WORK"; }

port_free "$SRV_PORT" || { echo "port $SRV_PORT is in use (set SRV_PORT)" >&2; exit 1; }
if [ "${NO_BUILD:-}" = 1 ] && [ -x "$BUILD/vigil/vigil" ]; then VIGIL_BIN=$BUILD/vigil/vigil; else build_vigil; fi

start_vigil_with_monitors
echo "Vigil: $n monitors, durability $DURABILITY, $PER pings per request; before the load: $(load_note)" | tee -a "$RESULTS_DIR/load.txt"
run_wrk_set batch "$SRV_PID" -t"$THREADS" -c"$CONNS" --latency -s "$BENCH/batch.lua" "$SRV_URL" -- "$WORK/ids.txt" "$PER"
stop_pid "$SRV_PID"

ACCEPTED=$(awk '/^test=batch /{for(i=1;i<=NF;i++) if($i ~ /^accepted=/){split($i,a,"="); s+=a[2]}} END{print s+0}' "$RESULTS_DIR/results.kv")
STORED=$($PY stored "$WORK/data/vigil.db")
ROWS=$(sed 's/.*ping_rows=\([0-9]*\).*/\1/' <<<"$STORED")
ERRLINES=$(grep -ciE '"LogLevel":"(Error|Critical)"|fail:|crit:' "$WORK/vigil.log" || true)
cp "$WORK/vigil.log" "$RESULTS_DIR/vigil.log"

echo
echo "== batch ingest: POST /api/v1/pings, $PER items per request, wrk -t$THREADS -c$CONNS -d${DUR}s, $RUNS run(s) after ${WARM}s warm-up; $MONITORS monitors; durability $DURABILITY =="
printf '%-5s %10s %14s %9s %9s %9s %8s %8s %11s %9s\n' run "req/s" "pings/s" "p50 ms" "p99 ms" rejected non-2xx "srv CPU" "µs CPU/ping" "srv RSS"
awk '/^test=batch / && !/run=warm/ {
  for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
  printf "%-5s %10.0f %14.0f %9.2f %9.2f %9d %8d %8.2f %11.2f %9s\n", v["run"], v["rps"], v["pings_per_s"], v["p50_ms"], v["p99_ms"],
         v["rejected"], v["err_status"], v["srv_cpu_cores"], 1e6 * v["srv_cpu_cores"] / (v["pings_per_s"] > 0 ? v["pings_per_s"] : 1), v["srv_rss_mb"] " MB"
}' "$RESULTS_DIR/results.kv"
awk '/^test=batch / && !/run=warm/ { for (i = 1; i <= NF; i++) if ($i ~ /^pings_per_s=/) { split($i, kv, "="); p[n++] = kv[2] } }
     END { if (n) { asort(p); printf "median pings/s: %.0f (target: 300,000 durable)\n", p[int((n + 1) / 2)] } }' "$RESULTS_DIR/results.kv"
echo "error lines in Vigil's log: $ERRLINES"
if [ "$ROWS" -ge "$ACCEPTED" ]; then verdict=OK; else verdict=LOST; fi
echo "stored check: pings accepted by Vigil (all runs incl. warm-up) = $ACCEPTED; ping rows = $ROWS -> $verdict"
echo "raw results: $RESULTS_DIR (results.kv, raw.log, load.txt, vigil.log)"
[ "$verdict" = OK ]
