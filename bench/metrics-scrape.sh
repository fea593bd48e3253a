#!/usr/bin/env bash
# The cost of being scraped: Vigil's CPU while /metrics is fetched once a second, against the same time idle.
#
#   bench/metrics-scrape.sh                 # N=10000 monitors, per-monitor series on, 60 s idle then 60 s scraping
#   N=100000 DUR=30 bench/metrics-scrape.sh
#
# Env: N (10000) DUR (60 s per window) ROUNDS (1: idle+scrape pairs) WARM (35 scrapes, 1/s, not measured: the
#      page build reaches tier-1 JIT after 30 calls) SRV_PORT (5184) BUILD NO_BUILD=1
#      METRICS_ENV (1: turn per-monitor series on with VIGIL_METRICS__PER_MONITOR=true; 0 when the build has them on)
# 1. builds Vigil (Release) in $BUILD, seeds vigil.db with N up heartbeat monitors (bench/vigil_bench.py seed-db)
# 2. starts `vigil serve`, checks /metrics carries one vigil_monitor_up series per monitor
# 3. per round: DUR s idle, then DUR s with one gzip scrape per second (what Prometheus sends);
#    CPU = utime+stime from /proc/<pid>/stat. Target: the difference is < 2 % of one core.
source "$(dirname "$0")/lib.sh"
need dotnet; need curl; need python3
N=${N:-10000}; DUR=${DUR:-60}; ROUNDS=${ROUNDS:-1}; WARM=${WARM:-35}; SRV_PORT=${SRV_PORT:-5184}; METRICS_ENV=${METRICS_ENV:-1}
PY="python3 $BENCH/vigil_bench.py"
WORK=$(mktemp -d "$BUILD/metrics-scrape.XXXXXX")
extra_cleanup() { rm -rf "$WORK"; }

port_free "$SRV_PORT" || { echo "port $SRV_PORT is in use (set SRV_PORT)" >&2; exit 1; }
if [ "${NO_BUILD:-}" = 1 ] && [ -x "$BUILD/vigil/vigil" ]; then VIGIL_BIN=$BUILD/vigil/vigil; else build_vigil; fi

mkdir -p "$WORK/data"
$PY seed-db "$WORK/data/vigil.db" "$N" "$ROOT/src/Vigil.Storage/Sqlite/Migrations"
export VIGIL_API_KEY=bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
[ "$METRICS_ENV" = 1 ] && export VIGIL_METRICS__PER_MONITOR=true
URL=http://127.0.0.1:$SRV_PORT
"$VIGIL_BIN" serve --data-dir "$WORK/data" --urls "$URL" >"$WORK/vigil.log" 2>&1 &
PID=$!; track_pid "$PID"
wait_http "$URL/healthz" 120 "$PID" || { tail -20 "$WORK/vigil.log" >&2; exit 1; }

scrape() { curl -sf --max-time 10 -H 'Accept-Encoding: gzip' -o "$WORK/page.gz" -w '%{size_download}' "$URL/metrics"; }
scrape >/dev/null
SERIES=$(curl -sf --max-time 10 "$URL/metrics" | tee "$WORK/page.txt" | grep -c '^vigil_monitor_up{' || true)
PAGE_KB=$(( $(stat -c %s "$WORK/page.txt") / 1024 )); GZ_KB=$(( $(scrape) / 1024 ))
[ "$SERIES" -eq "$N" ] || { echo "expected $N vigil_monitor_up series, found $SERIES (per-monitor series off?)" >&2; exit 1; }
for i in $(seq 1 "$WARM"); do scrape >/dev/null; sleep 1; done # JIT tiering of the build, before measuring
sleep 5

window() {  # window idle|scrape -> CPU seconds of Vigil over DUR s (one scrape at the start of each second)
  local mode=$1 c0 c1 start_ns i wait_ms
  c0=$(proc_ticks "$PID"); start_ns=$(date +%s%N)
  for i in $(seq 1 "$DUR"); do
    [ "$mode" = scrape ] && { scrape >/dev/null || echo "scrape $i failed" >&2; }
    wait_ms=$(( (start_ns + i * 1000000000 - $(date +%s%N)) / 1000000 ))
    [ "$wait_ms" -gt 0 ] && sleep "$(printf '%d.%03d' $((wait_ms / 1000)) $((wait_ms % 1000)))"
  done
  c1=$(proc_ticks "$PID")
  awk -v a="$c0" -v b="$c1" -v clk="$CLK" 'BEGIN{printf "%.2f", (b-a)/clk}'
}

LOAD0=$(load_note)
for r in $(seq 1 "$ROUNDS"); do
  IDLE=$(window idle); SCRAPE=$(window scrape)
  awk -v r="$r" -v i="$IDLE" -v s="$SCRAPE" -v d="$DUR" 'BEGIN{
    printf "round %d: idle %.2f s CPU, scraping %.2f s CPU over %d s -> scrapes cost %.2f %% of one core (%.1f ms CPU per scrape)\n",
      r, i, s, d, 100*(s-i)/d, 1000*(s-i)/d }'
done
RSS=$(rss_kb "$PID")
echo "monitors=$N per-monitor series=$((SERIES * 2)) page=${PAGE_KB} KiB (gzip ${GZ_KB} KiB) vigil RSS=$((RSS / 1024)) MiB"
echo "machine: $(nproc) vCPU; at start: $LOAD0; at end: $(load_note)"
