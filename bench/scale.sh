#!/usr/bin/env bash
# Scale: start-up time, memory and lateness detection lag of Vigil holding N monitors.
#
#   bench/scale.sh                    # N=100000
#   N=1000000 bench/scale.sh          # the targets: RSS <= 512 MiB, start-up <= 10 s, lateness noticed p99 <= 1 s
#   LATE=0 bench/scale.sh             # start-up and memory only
#
# Env: N (100000) SRV_PORT (5183) SETTLE (10 s) LATE (N/10) LAG_START (30 s) LAG_WINDOW (30 s)
#      BUILD (${TMPDIR:-/tmp}/vigil-bench) NO_BUILD=1 (reuse the last build)
# 1. builds Vigil (Release) in $BUILD (never inside the checkout)
# 2. creates vigil.db directly with python3's sqlite3: the schema from src/Vigil.Storage/Sqlite/Migrations/*.sql
#    (PRAGMA user_version = last applied, as SqliteMigrator does), then N heartbeat monitors written as the store
#    writes them (id = Guid.ToByteArray() layout, status 1 = up, last_success_at = now, times in Unix ms)
#    LATE of them (every N/LATE-th) got a last success such that their deadlines (last success + 1 h period) are
#    spread evenly over LAG_WINDOW seconds starting LAG_START seconds after seeding; no pings are sent
# 3. starts `vigil serve` on it: start-up = process start to the first /healthz 200; RSS (VmRSS) right then and
#    after SETTLE seconds idle; also checks the API counts N monitors.
# 4. lateness: waits until the last deadline plus 3 s, stops Vigil, and reads the flips up -> late from the database:
#    lag = flip time - deadline (p50/p90/p99/max over the LATE monitors). LAG_START must exceed the start-up time:
#    deadlines that passed before Vigil was serving are judged at load ("missed while Vigil was down") and counted
#    apart. The lag includes the sweep interval (deadlines.tick_ms, 250 ms) and the wheel's 250 ms slots.
source "$(dirname "$0")/lib.sh"
need dotnet; need curl; need python3
N=${N:-100000}; SRV_PORT=${SRV_PORT:-5183}; SETTLE=${SETTLE:-10}
LATE=${LATE:-$((N / 10))}; LAG_START=${LAG_START:-30}; LAG_WINDOW=${LAG_WINDOW:-30}
PY="python3 $BENCH/vigil_bench.py"
WORK=$(mktemp -d "$BUILD/scale.XXXXXX")
extra_cleanup() { rm -rf "$WORK"; }

port_free "$SRV_PORT" || { echo "port $SRV_PORT is in use (set SRV_PORT)" >&2; exit 1; }
if [ "${NO_BUILD:-}" = 1 ] && [ -x "$BUILD/vigil/vigil" ]; then VIGIL_BIN=$BUILD/vigil/vigil; else build_vigil; fi

mkdir -p "$WORK/data"
SEEDED_MS=$(date +%s%3N)
$PY seed-db "$WORK/data/vigil.db" "$N" "$ROOT/src/Vigil.Storage/Sqlite/Migrations" "$LATE" $((SEEDED_MS + LAG_START * 1000)) $((LAG_WINDOW * 1000))
DB_MB=$(( $(stat -c %s "$WORK/data/vigil.db") / 1048576 ))
sync; sleep 1
LOADNOTE=$(load_note)

export VIGIL_API_KEY=bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
URL=http://127.0.0.1:$SRV_PORT
t0=$(date +%s.%N)
"$VIGIL_BIN" serve --data-dir "$WORK/data" --urls "$URL" >"$WORK/vigil.log" 2>&1 &
PID=$!; track_pid "$PID"
wait_http "$URL/healthz" 120 "$PID" || { tail -20 "$WORK/vigil.log" >&2; exit 1; }
t1=$(date +%s.%N)
RSS0=$(rss_kb "$PID"); CPU0=$(proc_ticks "$PID")
sleep "$SETTLE"
RSS1=$(rss_kb "$PID")
HWM=$(awk '/^VmHWM:/{print $2}' "/proc/$PID/status")
TOTAL=$(curl -sf --max-time 30 -H "Authorization: Bearer $VIGIL_API_KEY" "$URL/api/v1/monitors?limit=1" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
UP=$(curl -sf --max-time 30 -H "Authorization: Bearer $VIGIL_API_KEY" "$URL/api/v1/monitors?limit=1&status=up" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
if [ "$LATE" -gt 0 ]; then
  READY_MS=$(awk -v t="$t1" 'BEGIN{printf "%d", t * 1000}')
  [ "$READY_MS" -lt $((SEEDED_MS + LAG_START * 1000)) ] || echo "warning: start-up ended after the first deadline; raise LAG_START" >&2
  WAIT_S=$(( (SEEDED_MS + (LAG_START + LAG_WINDOW + 3) * 1000 - $(date +%s%3N)) / 1000 ))
  if [ "$WAIT_S" -gt 0 ]; then echo "waiting ${WAIT_S} s for $LATE deadlines to pass ..." >&2; sleep "$WAIT_S"; fi
  RSS2=$(rss_kb "$PID")
fi
ERRLINES=$(grep -ciE '"LogLevel":"(Error|Critical)"|fail:|crit:' "$WORK/vigil.log" || true)
stop_pid "$PID"
LAGS=""; [ "$LATE" -gt 0 ] && LAGS=$($PY lag "$WORK/data/vigil.db")

awk -v n="$N" -v t0="$t0" -v t1="$t1" -v r0="$RSS0" -v r1="$RSS1" -v hwm="$HWM" -v cpu="$CPU0" -v clk="$CLK" \
    -v db="$DB_MB" -v total="$TOTAL" -v up="$UP" -v settle="$SETTLE" 'BEGIN{
  printf "\n== scale: %d monitors (vigil.db %d MiB) ==\n", n, db
  printf "%-34s %s\n", "start-up (process start -> /healthz 200)", sprintf("%.2f s", t1 - t0)
  printf "%-34s %s\n", "CPU used by start-up", sprintf("%.2f s", cpu / clk)
  printf "%-34s %s\n", "RSS at /healthz 200", sprintf("%.0f MiB", r0 / 1024)
  printf "%-34s %s\n", "RSS after " settle " s idle", sprintf("%.0f MiB", r1 / 1024)
  printf "%-34s %s\n", "peak RSS (VmHWM)", sprintf("%.0f MiB", hwm / 1024)
  printf "%-34s %s\n", "monitors listed by the API", total " (" up " up)"
}'
if [ -n "$LAGS" ]; then
  kv() { sed -n "s/.*\b$1=\([-0-9]*\).*/\1/p" <<<"$LAGS"; }
  printf "%-34s %s\n" "lateness noticed (of $LATE due)" "$(kv noticed) in the window; $(kv at_load) judged at load"
  printf "%-34s %s\n" "lag p50 / p90 / p99 / max" "$(kv lag_p50_ms) / $(kv lag_p90_ms) / $(kv lag_p99_ms) / $(kv lag_max_ms) ms (target p99 <= 1000 ms)"
  printf "%-34s %s\n" "RSS after the deadlines" "$((RSS2 / 1024)) MiB"
fi
echo "error lines in Vigil's log: $ERRLINES"
echo "machine before start: $LOADNOTE"
