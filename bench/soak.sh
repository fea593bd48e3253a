#!/usr/bin/env bash
# Soak: Vigil under a steady ping rate for DURATION; RSS and GC heap at start, middle and end, growth, errors.
#
#   bench/soak.sh                                   # 5 min warm-up, then 30 min at ~2,000 pings/s over 10,000 monitors, commit mode
#   DURATION=120 WARM=20 MONITORS=1000 bench/soak.sh   # a short check of the script
#
# Env: DURATION (1800 s) WARM (300 s before the start sample: SQLite's page cache fills in the first minutes) RATE (2000 pings/s) CONNS (16) MONITORS (10000)
#      DURABILITY (commit) SRV_PORT (5186) BUILD (${TMPDIR:-/tmp}/vigil-bench) NO_BUILD=1 (reuse the last build)
# 1. builds Vigil (Release) in $BUILD (never inside the checkout); starts it with rate limiting off
# 2. creates MONITORS heartbeat monitors through the API
# 3. one wrk run of WARM + DURATION seconds: CONNS connections, each pausing CONNS x 1000 / RATE ms between pings
#    (bench/soak.lua; a paced closed loop, so the rate is a little under RATE)
# 4. samples after WARM (start), WARM + DURATION/2 (middle) and just before the end: VmRSS from /proc and the GC
#    heap after the last collection, GC committed bytes and collection counts from GET /api/v1/system
# 5. the table: each sample, growth start -> end in %, wrk's errors (non-2xx, socket errors: target zero), error
#    lines in Vigil's log, and that the database holds every acknowledged ping
source "$(dirname "$0")/lib.sh"
need wrk; need dotnet; need curl; need python3
DURATION=${DURATION:-1800}; WARM=${WARM:-300}; RATE=${RATE:-2000}; CONNS=${CONNS:-16}
MONITORS=${MONITORS:-10000}; DURABILITY=${DURABILITY:-commit}; SRV_PORT=${SRV_PORT:-5186}
PY="python3 $BENCH/vigil_bench.py"

RESULTS_DIR=$RESULTS_DIR/soak-$(date +%Y%m%d-%H%M%S); mkdir -p "$RESULTS_DIR"
WORK=$(mktemp -d "$BUILD/soak.XXXXXX")
extra_cleanup() { rm -rf "$WORK"; }

port_free "$SRV_PORT" || { echo "port $SRV_PORT is in use (set SRV_PORT)" >&2; exit 1; }
if [ "${NO_BUILD:-}" = 1 ] && [ -x "$BUILD/vigil/vigil" ]; then VIGIL_BIN=$BUILD/vigil/vigil; else build_vigil; fi

start_vigil_with_monitors

sample() {  # sample LABEL: one line "label=… rss_mb=… gc_heap_mb=… gc_committed_mb=… gen0=… gen1=… gen2=… cpu_s=… anon_mb=… file_mb=… shmem_mb=…"
  local rss cpu parts
  rss=$(rss_kb "$SRV_PID"); cpu=$(proc_ticks "$SRV_PID")
  # RSS split: anonymous (GC heap, SQLite's page cache, native allocations), mapped files, shared memory (JIT code)
  parts=$(awk '/^RssAnon:/{a=$2} /^RssFile:/{f=$2} /^RssShmem:/{s=$2} END{printf "anon_mb=%.1f file_mb=%.1f shmem_mb=%.1f", a/1024, f/1024, s/1024}' "/proc/$SRV_PID/status")
  curl -sf --max-time 10 -H "Authorization: Bearer $VIGIL_API_KEY" "$SRV_URL/api/v1/system" \
    | $PY system-sample "$1" "$rss" "$cpu" "$CLK" | sed "s/\$/ $parts/" | tee -a "$RESULTS_DIR/samples.kv"
}

PAUSE_MS=$(( CONNS * 1000 / RATE )); [ "$PAUSE_MS" -ge 1 ] || PAUSE_MS=1
TOTAL=$(( WARM + DURATION ))
echo "soak: ${DURATION} s after ${WARM} s warm-up, ~$RATE pings/s ($CONNS connections, ${PAUSE_MS} ms apart), $n monitors, durability $DURABILITY; before: $(load_note)" | tee "$RESULTS_DIR/load.txt"
wrk -t1 -c"$CONNS" -d"${TOTAL}s" --timeout 10s --latency -s "$BENCH/soak.lua" "$SRV_URL" -- "$WORK/ids.txt" "$PAUSE_MS" >"$RESULTS_DIR/wrk.txt" 2>&1 &
WRK_PID=$!; track_pid "$WRK_PID"
T0=$(date +%s)
sleep "$WARM"; sample start
sleep $(( DURATION / 2 )); sample middle
sleep $(( T0 + TOTAL - 2 - $(date +%s) > 0 ? T0 + TOTAL - 2 - $(date +%s) : 0 )); sample end
wait "$WRK_PID" || { cat "$RESULTS_DIR/wrk.txt" >&2; echo "wrk failed" >&2; exit 1; }
echo "machine at the end: $(load_note)" | tee -a "$RESULTS_DIR/load.txt"
stop_pid "$SRV_PID"

RESULT=$(grep '^RESULT' "$RESULTS_DIR/wrk.txt" | sed 's/^RESULT //')
echo "test=soak run=1 $RESULT" > "$RESULTS_DIR/results.kv"
ACKED=$($PY ok-sum "$RESULTS_DIR/results.kv" soak)
STORED=$($PY stored "$WORK/data/vigil.db")
ROWS=$(sed 's/.*ping_rows=\([0-9]*\).*/\1/' <<<"$STORED")
ERRLINES=$(grep -ciE '"LogLevel":"(Error|Critical)"|fail:|crit:' "$WORK/vigil.log" || true)
cp "$WORK/vigil.log" "$RESULTS_DIR/vigil.log"

echo
echo "== soak: ${DURATION} s after ${WARM} s warm-up; $n monitors; durability $DURABILITY =="
python3 - "$RESULTS_DIR/samples.kv" "$RESULT" "$DURATION" <<'PY'
import sys
rows = [dict(p.split("=", 1) for p in line.split()) for line in open(sys.argv[1]) if line.strip()]
res = dict(p.split("=", 1) for p in sys.argv[2].split())
cols = ["rss_mb", "anon_mb", "file_mb", "shmem_mb", "gc_heap_mb", "gc_committed_mb", "gen0", "gen1", "gen2", "cpu_s"]
print(f"{'sample':<8}" + "".join(f"{c:>16}" for c in cols))
for r in rows:
    print(f"{r['label']:<8}" + "".join(f"{r.get(c, '?'):>16}" for c in cols))
by = {r["label"]: r for r in rows}
if "start" in by and "end" in by:
    for c in ("rss_mb", "gc_heap_mb", "anon_mb", "file_mb", "shmem_mb", "gc_committed_mb"):
        a, b = float(by["start"].get(c, 0)), float(by["end"].get(c, 0))
        target = "  (target < 5 %)" if c in ("rss_mb", "gc_heap_mb") else ""
        print(f"growth start -> end, {c}: {100 * (b - a) / a:+.1f} %{target}" if a else f"{c}: no start value")
    cpu = float(by["end"]["cpu_s"]) - float(by["start"]["cpu_s"])
    secs = int(sys.argv[3])
    print(f"Vigil CPU between start and end samples: {cpu:.1f} s ({100 * cpu / max(secs, 1):.1f} % of one core)")
errs = sum(int(res[k]) for k in ("err_connect", "err_read", "err_write", "err_timeout"))
print(f"pings: {res['requests']} answered ({float(res['rps']):.0f}/s), p50 {res['p50_ms']} ms, p99 {res['p99_ms']} ms, "
      f"max {res['max_ms']} ms; non-2xx {res['err_status']}, socket errors {errs} (target: zero)")
PY
echo "error lines in Vigil's log: $ERRLINES"
if [ "$ROWS" -ge "$ACKED" ]; then verdict=OK; else verdict=LOST; fi
echo "stored check: 2xx acknowledged = $ACKED; ping rows = $ROWS -> $verdict"
echo "raw results: $RESULTS_DIR (samples.kv, wrk.txt, load.txt, vigil.log)"
[ "$verdict" = OK ]
