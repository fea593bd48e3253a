#!/usr/bin/env bash
# Scale: start-up time and memory of Vigil holding N monitors.
#
#   bench/scale.sh                    # N=100000
#   N=1000000 bench/scale.sh          # the target: RSS < 1 GiB, start-up < 15 s
#
# Env: N (100000) SRV_PORT (5183) SETTLE (10 s) BUILD (${TMPDIR:-/tmp}/vigil-bench) NO_BUILD=1 (reuse the last build)
# 1. builds Vigil (Release) in $BUILD (never inside the checkout)
# 2. creates vigil.db directly with python3's sqlite3: the schema from src/Vigil.Storage/Sqlite/Migrations/*.sql
#    (PRAGMA user_version = last applied, as SqliteMigrator does), then N heartbeat monitors written as the store
#    writes them (id = Guid.ToByteArray() layout, status 1 = up, last_success_at = now, times in Unix ms)
# 3. starts `vigil serve` on it: start-up = process start to the first /healthz 200; RSS (VmRSS) right then and
#    after SETTLE seconds idle; also checks the API counts N monitors.
source "$(dirname "$0")/lib.sh"
need dotnet; need curl; need python3
N=${N:-100000}; SRV_PORT=${SRV_PORT:-5183}; SETTLE=${SETTLE:-10}
PY="python3 $BENCH/vigil_bench.py"
WORK=$(mktemp -d "$BUILD/scale.XXXXXX")
extra_cleanup() { rm -rf "$WORK"; }

port_free "$SRV_PORT" || { echo "port $SRV_PORT is in use (set SRV_PORT)" >&2; exit 1; }
if [ "${NO_BUILD:-}" = 1 ] && [ -x "$BUILD/vigil/vigil" ]; then VIGIL_BIN=$BUILD/vigil/vigil; else build_vigil; fi

mkdir -p "$WORK/data"
$PY seed-db "$WORK/data/vigil.db" "$N" "$ROOT/src/Vigil.Storage/Sqlite/Migrations"
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
ERRLINES=$(grep -ciE '"LogLevel":"(Error|Critical)"|fail:|crit:' "$WORK/vigil.log" || true)
stop_pid "$PID"

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
echo "error lines in Vigil's log: $ERRLINES"
echo "machine before start: $LOADNOTE"
