#!/usr/bin/env bash
# Alert latency (issue 5): from a missed heartbeat's deadline to the webhook receiving its down alert.
#
#   bench/alert-latency.sh                   # N=100000 monitors, K=1000 of them go down over W=60 s; target p99 < 2 s
#   N=10000 K=200 W=20 bench/alert-latency.sh    # quick (~1 min with a build in place)
#
# Env: N (100000) K (1000) W (60 s) LEAD (25 s) GRACE (5 s) TAIL (15 s) SRV_PORT (5187) BUILD NO_BUILD=1
# 1. builds Vigil (Release) in $BUILD (never inside the checkout)
# 2. starts bench/alert_receiver.py on 127.0.0.1 (a free port): answers 204 at once and logs each request's arrival
#    time, Idempotency-Key, monitor id and kind
# 3. seeds vigil.db directly with python3's sqlite3 (as scale.sh does): one webhook channel pointing at the receiver
#    and N up heartbeat monitors naming it; K of them (every N/K-th) have deadlines (last success + 1 h period +
#    GRACE) spread evenly over W seconds starting LEAD seconds after seeding (~20 s after Vigil starts serving at
#    N=100000); they go late GRACE seconds before, which is after start-up too. The others are due in two hours.
# 4. starts `vigil serve` with the storm guard above K per minute (VIGIL_ALERTS__STORM_PER_MINUTE and
#    VIGIL_ALERTS__CHANNEL_PER_MINUTE = 2K + 100) so each alert is sent on its own, not folded into a summary; the
#    other alert settings keep their defaults (alerts.max_concurrent_sends 16, deadlines.tick_ms 250)
# 5. waits until all K arrived (plus 3 s for duplicates) or the last deadline plus TAIL seconds, stops Vigil and the
#    receiver, and prints latency = arrival - deadline p50/p90/p99/max, split into detection (the down flip in the
#    database - deadline) and delivery (arrival - flip); arrivals, duplicates (an Idempotency-Key seen twice) and
#    Vigil's CPU and RSS over the window. Exits 1 if any of the K alerts did not arrive.
#    Raw files (deadlines, the receiver's log, Vigil's log) are kept in $BUILD/results/alert-<time>/.
source "$(dirname "$0")/lib.sh"
need dotnet; need curl; need python3
N=${N:-100000}; K=${K:-1000}; W=${W:-60}; LEAD=${LEAD:-25}; GRACE=${GRACE:-5}; TAIL=${TAIL:-15}
SRV_PORT=${SRV_PORT:-5187}
[ "$K" -ge 1 ] && [ "$K" -le "$N" ] || { echo "K must be 1..N" >&2; exit 2; }
PY="python3 $BENCH/vigil_bench.py"
WORK=$(mktemp -d "$BUILD/alert.XXXXXX")
RAW=$RESULTS_DIR/alert-$(date +%Y%m%dT%H%M%S)
extra_cleanup() {  # keep what the figures came from, drop the database
  mkdir -p "$RAW" && cp "$WORK"/deadlines.tsv "$WORK"/received.tsv "$WORK"/vigil.log "$RAW"/ 2>/dev/null || true
  rm -rf "$WORK"
}

port_free "$SRV_PORT" || { echo "port $SRV_PORT is in use (set SRV_PORT)" >&2; exit 1; }
if [ "${NO_BUILD:-}" = 1 ] && [ -x "$BUILD/vigil/vigil" ]; then VIGIL_BIN=$BUILD/vigil/vigil; else build_vigil; fi

python3 "$BENCH/alert_receiver.py" "$WORK/received.tsv" "$WORK/receiver.port" &
RPID=$!; track_pid "$RPID"
for _ in $(seq 1 600); do [ -s "$WORK/receiver.port" ] && break; kill -0 "$RPID" || exit 1; sleep 0.05; done
[ -s "$WORK/receiver.port" ] || { echo "the receiver did not start in 30 s" >&2; exit 1; }
HOOK=http://127.0.0.1:$(cat "$WORK/receiver.port")/hook

mkdir -p "$WORK/data"
SEEDED_MS=$(date +%s%3N); FIRST_MS=$((SEEDED_MS + LEAD * 1000))
$PY seed-alert-db "$WORK/data/vigil.db" "$N" "$ROOT/src/Vigil.Storage/Sqlite/Migrations" "$K" "$FIRST_MS" $((W * 1000)) \
    "$GRACE" "$HOOK" "$WORK/deadlines.tsv"
LOADNOTE=$(load_note)

export VIGIL_API_KEY=bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
export VIGIL_ALERTS__STORM_PER_MINUTE=$((2 * K + 100)) VIGIL_ALERTS__CHANNEL_PER_MINUTE=$((2 * K + 100))
URL=http://127.0.0.1:$SRV_PORT
START_MS=$(date +%s%3N)
"$VIGIL_BIN" serve --data-dir "$WORK/data" --urls "$URL" >"$WORK/vigil.log" 2>&1 &
PID=$!; track_pid "$PID"
wait_http "$URL/healthz" 120 "$PID" || { tail -20 "$WORK/vigil.log" >&2; exit 1; }
READY_MS=$(date +%s%3N)
[ "$READY_MS" -lt $((FIRST_MS - GRACE * 1000)) ] \
  || echo "warning: Vigil was serving only after the first monitors went late; raise LEAD" >&2

# The window: from just before the first monitor goes late to the last alert (or the time limit).
sleep_until_ms() { local s=$(( $1 - $(date +%s%3N) )); [ "$s" -le 0 ] || sleep "$(awk -v s="$s" 'BEGIN{print s/1000}')"; }
sleep_until_ms $((FIRST_MS - GRACE * 1000 - 1000))
CPU0=$(proc_ticks "$PID"); T0=$(date +%s.%N)
END_MS=$((FIRST_MS + W * 1000 + TAIL * 1000))
echo "waiting for $K alerts (at most until $((W + TAIL)) s after the first deadline) ..." >&2
while [ "$(date +%s%3N)" -lt "$END_MS" ]; do
  got=$(cut -f3 "$WORK/received.tsv" 2>/dev/null | sort -u | grep -cFf <(cut -f1 "$WORK/deadlines.tsv") || true)
  [ "$got" -ge "$K" ] && { sleep 3; break; }
  kill -0 "$PID" 2>/dev/null || { echo "Vigil exited during the window" >&2; tail -20 "$WORK/vigil.log" >&2; exit 1; }
  sleep 0.5
done
CPU1=$(proc_ticks "$PID"); T1=$(date +%s.%N)
RSS=$(rss_kb "$PID"); HWM=$(awk '/^VmHWM:/{print $2}' "/proc/$PID/status")
ERRLINES=$(grep -ciE '"LogLevel":"(Error|Critical)"|fail:|crit:' "$WORK/vigil.log" || true)
stop_pid "$PID"; stop_pid "$RPID"
LOADAFTER=$(load_note)
R=$($PY alert-latency "$WORK/deadlines.tsv" "$WORK/received.tsv" "$WORK/data/vigil.db")
kv() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$R"; }

printf "\n== alert latency: %d monitors, %d go down over %d s, one webhook channel on 127.0.0.1 ==\n" "$N" "$K" "$W"
printf "%-36s %s\n" "start-up (process -> /healthz 200)" "$((READY_MS - START_MS)) ms; first deadline $((FIRST_MS - START_MS)) ms after the start"
printf "%-36s %s\n" "down alerts arrived" "$(kv arrived) of $(kv due) (missing $(kv missing)); flipped down $(kv flipped_down)"
printf "%-36s %s\n" "deliveries (down alerts, database)" "delivered $(kv delivered), pending $(kv pending), dead $(kv dead), folded $(kv folded)"
printf "%-36s %s\n" "duplicates (Idempotency-Key again)" "$(kv duplicates) of $(kv requests) requests; other requests $(kv other) (kinds $(kv kinds))"
printf "%-36s %s\n" "latency p50 / p90 / p99 / max" "$(kv latency_p50_ms) / $(kv latency_p90_ms) / $(kv latency_p99_ms) / $(kv latency_max_ms) ms (arrival - deadline; target p99 < 2000 ms)"
printf "%-36s %s\n" "  detection (down flip - deadline)" "$(kv detect_p50_ms) / $(kv detect_p90_ms) / $(kv detect_p99_ms) / $(kv detect_max_ms) ms"
printf "%-36s %s\n" "  delivery (arrival - down flip)" "$(kv deliver_p50_ms) / $(kv deliver_p90_ms) / $(kv deliver_p99_ms) / $(kv deliver_max_ms) ms"
awk -v c0="$CPU0" -v c1="$CPU1" -v t0="$T0" -v t1="$T1" -v clk="$CLK" -v rss="$RSS" -v hwm="$HWM" 'BEGIN{
  printf "%-36s %.1f s of CPU over %.0f s (%.3f cores); RSS %.0f MiB, peak %.0f MiB\n", "Vigil during the window",
         (c1 - c0) / clk, t1 - t0, (c1 - c0) / clk / (t1 - t0), rss / 1024, hwm / 1024 }'
echo "error lines in Vigil's log: $ERRLINES"
echo "machine before start: $LOADNOTE"
echo "machine after:        $LOADAFTER"
[ "$(kv missing)" = 0 ] || { echo "FAIL: $(kv missing) of $K down alerts did not arrive" >&2; exit 1; }
