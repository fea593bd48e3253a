#!/usr/bin/env python3
"""Helpers for bench/ping-ingest.sh and bench/scale.sh (standard library only).

  create-monitors URL N          create N heartbeat monitors through the API (32 keep-alive connections);
                                 the write key is read from VIGIL_API_KEY
  list-ids URL OUT               page GET /api/v1/monitors?limit=1000 and write every id to OUT, one a line
  stored DB                      after Vigil stopped: "ping_count_sum=… ping_rows=… monitors=…"
  seed-db DB N MIGRATIONS_DIR [LATE DUE_FROM_MS DUE_WINDOW_MS]
                                 create a Vigil database with N up monitors directly, as the store writes them;
                                 LATE of them with deadlines spread over [DUE_FROM, +DUE_WINDOW) (Unix ms)
  lag DB                         after Vigil stopped: deadline-to-late lag p50/p90/p99/max from the flips
  seed-alert-db DB N MIGRATIONS_DIR K DUE_FROM_MS DUE_WINDOW_MS GRACE_S HOOK_URL DEADLINES_OUT
                                 bench/alert-latency.sh: N up heartbeat monitors on one webhook channel (HOOK_URL); K
                                 of them go down (last success + period + grace) spread over [DUE_FROM, +DUE_WINDOW);
                                 writes "id<TAB>deadline ms" of those K to DEADLINES_OUT
  alert-latency DEADLINES RECEIVED DB
                                 after Vigil stopped: receiver arrival - deadline p50/p90/p99/max, missing, duplicates,
                                 split into detection (down flip - deadline) and delivery (arrival - flip)
  system-sample LABEL RSS_KB CPU_TICKS CLK
                                 bench/soak.sh: one k=v sample line from GET /api/v1/system's JSON on stdin
  table RESULTS_KV LABEL...      median-of-runs table (by rps) of the given labels; ratios to the first and of vigil to each
  ok-sum RESULTS_KV LABEL        sum of the 2xx responses over every run (warm-up included) of LABEL

For bench/checks.sh (active checks):
  create-checks URL N JSON       create N active monitors from one JSON object of monitor fields (type, url or
                                 host/port, interval_seconds …); name and slug check-0000000… are added
  check-window URL SECS PID [AUX_PID…]
                                 sample GET /api/v1/checks/stats and the CPU of PID (and of the AUX_PIDs, e.g.
                                 nginx) now and after SECS seconds; prints one k=v line: checks/s, cores, skips,
                                 the machine's listen-queue drops …
  count-monitors URL             "up=… down=… new=… total=… [down_why=…]" from GET /api/v1/monitors?status=…
  checks-table RESULTS_KV        the summary table of bench/checks.sh (median run of each test)
"""
import http.client, json, os, sqlite3, statistics, sys, threading, time, uuid
from urllib.parse import urlparse


def _conn(url):
    u = urlparse(url)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30)


def create_monitors(url, n):
    t0 = time.time()
    _post_all(url, n, lambda i: {"name": f"bench-{i:07d}", "slug": f"bench-{i:07d}", "type": "heartbeat",
                                 "period_seconds": 3600, "grace_seconds": 3600})
    print(f"created {n} monitors in {time.time() - t0:.1f} s", file=sys.stderr)


def list_ids(url, out):
    key = os.environ["VIGIL_API_KEY"]
    c, cursor, ids = _conn(url), None, []
    while True:
        path = "/api/v1/monitors?limit=1000" + (f"&cursor={cursor}" if cursor else "")
        c.request("GET", path, headers={"Authorization": f"Bearer {key}"})
        r = c.getresponse(); data = r.read()
        if r.status != 200:
            sys.exit(f"GET {path}: {r.status} {data[:300]!r}")
        page = json.loads(data)
        ids += [m["id"] for m in page["monitors"]]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    with open(out, "w") as f:
        f.write("\n".join(ids) + "\n")
    print(len(ids))


def stored(db):
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    s, m = c.execute("SELECT COALESCE(SUM(ping_count),0), COUNT(*) FROM monitor").fetchone()
    p = c.execute("SELECT COUNT(*) FROM ping").fetchone()[0]
    print(f"ping_count_sum={s} ping_rows={p} monitors={m}")


def seed_db(db, n, migrations, late=0, due_from=0, due_window=0):
    """Schema from the migrations (user_version = last applied), then N monitor rows as SqliteStore writes
    them: id = Guid.ToByteArray() (= uuid.bytes_le), status 1 (up), times in Unix ms, period and grace 1 h.
    With LATE > 0, LATE of them (spread over the seqs) had their last success so that their deadline (last success
    + period) falls in [DUE_FROM, DUE_FROM + DUE_WINDOW) Unix ms; the others are due an hour from now."""
    c = _new_db(db, migrations)
    now = int(time.time() * 1000)
    t0 = time.time()
    def last_success(i):  # LATE monitors, every (n / late)-th, get deadlines spread evenly over the window
        if late <= 0 or (i - 1) % step or (i - 1) // step >= late:
            return now
        return due_from + due_window * ((i - 1) // step) // late - 3600 * 1000
    step = max(1, n // late) if late > 0 else 1
    rows = ((i, uuid.uuid4().bytes_le, f"m-{i:07d}", f"Monitor {i}", 3600, 3600, now, now, 1, now, last_success(i),
             last_success(i)) for i in range(1, n + 1))
    c.execute("BEGIN")
    c.executemany("INSERT INTO monitor (seq, id, slug, name, period_seconds, grace_seconds, created_at, updated_at, "
                  "status, status_changed_at, last_ping_at, last_success_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    c.execute("COMMIT")
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    print(f"seeded {n} monitors in {time.time() - t0:.1f} s ({os.path.getsize(db) / 2**20:.0f} MiB)", file=sys.stderr)


def _new_db(db, migrations):
    """A new database with the schema from the migrations, each setting user_version as SqliteMigrator does."""
    if os.path.exists(db):
        sys.exit(f"{db} exists")
    c = sqlite3.connect(db)
    c.execute("PRAGMA journal_mode=WAL")
    scripts = sorted(f for f in os.listdir(migrations) if f.endswith(".sql"))
    for f in scripts:
        version = int(f.split("_", 1)[0])
        with open(os.path.join(migrations, f)) as fh:
            c.executescript("BEGIN;\n" + fh.read() + f"\nPRAGMA user_version = {version};\nCOMMIT;")
    return c


def seed_alert_db(db, n, migrations, k, due_from, due_window, grace_s, hook_url, deadlines_out):
    """One webhook channel (settings as the API stores them: the type's fields without name and type) and N up
    heartbeat monitors naming it by id in `channels`. K of them (every N/K-th) have period 1 h and grace GRACE_S, with
    a last success such that they go down (last success + period + grace) evenly over [DUE_FROM, DUE_FROM +
    DUE_WINDOW) Unix ms; they go late GRACE_S before that, which must also fall after Vigil is serving. The others
    succeeded now with period and grace 1 h: nothing happens to them for two hours."""
    c = _new_db(db, migrations)
    now = int(time.time() * 1000)
    channel = uuid.uuid4()
    channels = json.dumps([str(channel)])
    step = max(1, n // k) if k > 0 else n + 1
    due, rows = [], []
    for i in range(1, n + 1):
        mid = uuid.uuid4()
        j, r = divmod(i - 1, step)
        if r == 0 and j < k:
            deadline = due_from + due_window * j // k
            due.append((str(mid), deadline))
            grace, last = grace_s, deadline - (3600 + grace_s) * 1000
        else:
            grace, last = 3600, now
        rows.append((i, mid.bytes_le, f"m-{i:07d}", f"Monitor {i}", 3600, grace, now, now, 1, now, last, last, channels))
    c.execute("BEGIN")
    c.execute("INSERT INTO channel (id, name, type, settings, created_at, updated_at) VALUES (?,?,?,?,?,?)",
              (channel.bytes_le, "bench-hook", "webhook", json.dumps({"url": hook_url}), now, now))
    c.executemany("INSERT INTO monitor (seq, id, slug, name, period_seconds, grace_seconds, created_at, updated_at, "
                  "status, status_changed_at, last_ping_at, last_success_at, channels) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  rows)
    c.execute("COMMIT")
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    with open(deadlines_out, "w") as f:
        f.writelines(f"{mid}\t{d}\n" for mid, d in due)
    print(f"seeded {n} monitors, {len(due)} due, in {(int(time.time() * 1000) - now) / 1000:.1f} s "
          f"({os.path.getsize(db) / 2**20:.0f} MiB)", file=sys.stderr)


def _pcts(xs, prefix):
    xs = sorted(xs)
    if not xs:
        return {}
    q = lambda p: xs[min(len(xs) - 1, int(p * len(xs)))]
    return {f"{prefix}_p50_ms": round(q(0.5)), f"{prefix}_p90_ms": round(q(0.9)), f"{prefix}_p99_ms": round(q(0.99)),
            f"{prefix}_max_ms": round(xs[-1]), f"{prefix}_min_ms": round(xs[0])}


def alert_latency(deadlines, received, db):
    """Latency of each due monitor's down alert: its first arrival at the receiver minus its deadline. Duplicates are
    Idempotency-Keys seen more than once; 'other' counts requests that were not a due monitor's down alert (Vigil's
    own alerts, summaries). The down flips in the database split it into detection and delivery."""
    due = {}
    with open(deadlines) as f:
        for line in f:
            mid, d = line.split()
            due[mid] = int(d)
    first, keys, other, kinds = {}, {}, 0, {}
    with open(received) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            at, key, mid, kind = float(parts[0]), parts[1], parts[2], parts[3]
            keys[key] = keys.get(key, 0) + 1
            kinds[kind] = kinds.get(kind, 0) + 1
            if mid in due and kind == "down":
                first[mid] = min(first.get(mid, at), at)
            else:
                other += 1
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    flips = {}
    for mid_bytes, at in c.execute("SELECT m.id, f.at FROM flip f JOIN monitor m ON m.seq = f.monitor WHERE f.to_status = 3"):
        flips[str(uuid.UUID(bytes_le=mid_bytes))] = at
    states = dict(c.execute("SELECT d.state, COUNT(*) FROM delivery d JOIN alert a ON a.id = d.alert "
                            "WHERE a.kind = 'down' GROUP BY d.state").fetchall())
    out = {"due": len(due), "arrived": len(first), "missing": len(due) - len(first),
           "duplicates": sum(n - 1 for key, n in keys.items() if n > 1 and key != "-"), "requests": sum(keys.values()), "other": other,
           "kinds": ",".join(f"{k}*{n}" for k, n in sorted(kinds.items())) or "-",
           "flipped_down": sum(1 for mid in due if mid in flips),
           "delivered": states.get(1, 0), "pending": states.get(0, 0), "dead": states.get(2, 0), "folded": states.get(3, 0)}
    out.update(_pcts([at - due[mid] for mid, at in first.items()], "latency"))
    out.update(_pcts([flips[mid] - due[mid] for mid in due if mid in flips], "detect"))
    out.update(_pcts([at - flips[mid] for mid, at in first.items() if mid in flips], "deliver"))
    print(" ".join(f"{k}={v}" for k, v in out.items()))


def lag(db):
    """After Vigil stopped: how late the sweeper noticed each deadline: flip up -> late time minus the monitor's
    deadline (last_success_at + period; no pings arrive, so the stored last success is the seeded one). Flips Vigil
    made while loading (reason "missed while Vigil was down: ...") are not sweeps and are left out."""
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    lags = sorted(r[0] for r in c.execute(
        "SELECT f.at - (m.last_success_at + m.period_seconds * 1000) FROM flip f JOIN monitor m ON m.seq = f.monitor "
        "WHERE f.from_status = 1 AND f.to_status = 2 AND f.reason NOT LIKE 'missed while%'"))
    at_load = c.execute("SELECT COUNT(*) FROM flip WHERE reason LIKE 'missed while%'").fetchone()[0]
    late = c.execute("SELECT COUNT(*) FROM monitor WHERE status = 2").fetchone()[0]
    if not lags:
        print(f"noticed=0 at_load={at_load} late_now={late}")
        return
    q = lambda p: lags[min(len(lags) - 1, int(p * len(lags)))]
    print(f"noticed={len(lags)} at_load={at_load} late_now={late} lag_min_ms={lags[0]} lag_p50_ms={q(0.5)} "
          f"lag_p90_ms={q(0.9)} lag_p99_ms={q(0.99)} lag_max_ms={lags[-1]} negative={sum(1 for x in lags if x < 0)}")


def system_sample(label, rss_kb, cpu_ticks, clk):
    """One soak sample: GET /api/v1/system's JSON on stdin, plus VmRSS (kB) and CPU ticks read from /proc."""
    v = json.load(sys.stdin)
    c, m = v.get("current") or {}, v["memory"]
    print(f"label={label} rss_mb={rss_kb / 1024:.1f} gc_heap_mb={m['gc_heap_bytes'] / 2**20:.1f} "
          f"gc_committed_mb={c.get('gc_committed_bytes', 0) / 2**20:.1f} gen0={c.get('gc_gen0_collections', 0)} "
          f"gen1={c.get('gc_gen1_collections', 0)} gen2={c.get('gc_gen2_collections', 0)} cpu_s={cpu_ticks / clk:.1f}")


def _runs(path, label):
    out = []
    with open(path) as f:
        for line in f:
            kv = dict(p.split("=", 1) for p in line.split() if "=" in p)
            if kv.get("test") == label:
                out.append(kv)
    return out


def ok_sum(path, label):
    print(sum(int(kv["ok"]) for kv in _runs(path, label)))


def table(path, labels):
    rows = []
    for label in labels:
        runs = [kv for kv in _runs(path, label) if kv["run"] != "warm"]
        if not runs:
            continue
        runs.sort(key=lambda kv: float(kv["rps"]))
        med = runs[(len(runs) - 1) // 2] if len(runs) % 2 else runs[len(runs) // 2 - 1]
        rps = [float(kv["rps"]) for kv in runs]
        non2xx = int(med["err_status"])
        errs = sum(int(med[k]) for k in ("err_connect", "err_read", "err_write", "err_timeout"))
        rows.append((label, med, statistics.median(rps), min(rps), max(rps), non2xx, errs))
    print(f"{'test':<22} {'runs':>4} {'req/s (median)':>14} {'min..max':>15} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'non-2xx':>8} {'sock err':>8} {'srv CPU':>8} {'µs CPU/req':>10} {'srv RSS':>9} {'busy %':>6}")
    for label, med, m, lo, hi, non2xx, errs in rows:
        n = len([kv for kv in _runs(path, label) if kv["run"] != "warm"])
        print(f"{label:<22} {n:>4} {m:>14.0f} {f'{lo:.0f}..{hi:.0f}':>15} {float(med['p50_ms']):>8.2f} "
              f"{float(med['p99_ms']):>8.2f} {non2xx:>8} {errs:>8} {med['srv_cpu_cores']:>8} "
              f"{1e6 * float(med['srv_cpu_cores']) / max(float(med['rps']), 1):>10.1f} "
              f"{med['srv_rss_mb'] + ' MB':>9} {med['machine_busy_pct']:>6}")
    for row in rows[1:]:
        print(f"ratio {row[0]} / {rows[0][0]} (median req/s): {row[2] / rows[0][2]:.2f}")
    vigil = next((row for row in rows if row[0] == "vigil"), None)
    for row in rows[1:]:
        if vigil is not None and row is not vigil:
            print(f"ratio vigil / {row[0]} (median req/s): {vigil[2] / row[2]:.2f}")


def _post_all(url, n, body_of, connections=32):
    """POST body_of(i) to /api/v1/monitors for i in 0..n-1 over `connections` keep-alive connections."""
    key = os.environ["VIGIL_API_KEY"]
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    lock, nxt, errors = threading.Lock(), [0], []

    def worker():
        c = _conn(url)
        while True:
            with lock:
                i = nxt[0]; nxt[0] += 1
            if i >= n or errors:
                return
            c.request("POST", "/api/v1/monitors", json.dumps(body_of(i)), headers)
            r = c.getresponse(); data = r.read()
            if r.status != 201:
                errors.append(f"{r.status} {data[:300]!r}")

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads: t.start()
    for t in threads: t.join()
    if errors:
        sys.exit(f"creating monitors failed: {errors[0]}")


def create_checks(url, n, template):
    fields = json.loads(template)
    t0 = time.time()
    _post_all(url, n, lambda i: {**fields, "name": f"check-{i:07d}", "slug": f"check-{i:07d}"})
    print(f"created {n} {fields.get('type')} monitors in {time.time() - t0:.1f} s", file=sys.stderr)


def _get_json(c, path):
    c.request("GET", path, headers={"Authorization": f"Bearer {os.environ['VIGIL_API_KEY']}"})
    r = c.getresponse(); data = r.read()
    if r.status != 200:
        sys.exit(f"GET {path}: {r.status} {data[:300]!r}")
    return json.loads(data)


_CLK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pids):
    """utime+stime+cutime+cstime of the PIDs, in seconds (a PID that is gone counts 0)."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15])
        except FileNotFoundError:
            pass
    return total / _CLK


def _rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


def _listen_drops():
    """The machine's TcpExt ListenDrops (SYNs dropped because a listen queue was full), from /proc/net/netstat."""
    with open("/proc/net/netstat") as f:
        lines = f.read().splitlines()
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            return int(dict(zip(names.split()[1:], values.split()[1:]))["ListenDrops"])
    return 0


def check_window(url, secs, pid, aux):
    """Counters and CPU at the start and end of the window; the completed rate also every `step` seconds, so a
    stall shows as a low min_step_rate. Drift percentiles come from the scheduler's histogram since start."""
    c = _conn(url)
    step = min(10.0, secs)
    s0 = _get_json(c, "/api/v1/checks/stats"); t0 = time.monotonic()
    cpu0, aux0, drops0 = _cpu_seconds([pid]), _cpu_seconds(aux), _listen_drops()
    prev, prev_t, rates = s0, t0, []
    while True:
        left = t0 + secs - time.monotonic()
        if left <= 0.05:
            break
        time.sleep(min(step, left))
        cur = _get_json(c, "/api/v1/checks/stats"); now = time.monotonic()
        rates.append((cur["scheduler"]["completed"] - prev["scheduler"]["completed"]) / (now - prev_t))
        prev, prev_t = cur, now
    cpu1, aux1 = _cpu_seconds([pid]), _cpu_seconds(aux)
    a, b, dt = s0["scheduler"], prev["scheduler"], prev_t - t0
    done = b["completed"] - a["completed"]
    out = {
        "monitors": b["monitors"], "secs": f"{dt:.1f}", "completed": done, "checks_per_s": f"{done / dt:.0f}",
        "min_step_rate": f"{min(rates):.0f}", "max_step_rate": f"{max(rates):.0f}", "step_s": f"{step:.0f}",
        "cpu_cores": f"{(cpu1 - cpu0) / dt:.3f}", "aux_cores": f"{(aux1 - aux0) / dt:.3f}",
        "started": b["started"] - a["started"],
        "skipped_overlap": b["skipped_overlap"] - a["skipped_overlap"],
        "skipped_queue_full": b["skipped_queue_full"] - a["skipped_queue_full"],
        "skipped_stale": b["skipped_stale"] - a["skipped_stale"],
        "running": b["running"], "queue_depth": b["queue_depth"],
        "drift_p50_ms": b["drift_ms"]["p50"], "drift_p99_ms": b["drift_ms"]["p99"],
        "drift_max_ms": f"{b['drift_ms']['max']:.1f}", "drift_mean_ms": f"{b['drift_ms']['mean']:.1f}",
        "results_not_stored": prev["results_not_stored"] - s0["results_not_stored"],
        "rss_mb": f"{_rss_mb(pid):.0f}", "listen_drops": _listen_drops() - drops0,
    }
    print(" ".join(f"{k}={v}" for k, v in out.items()))


def count_monitors(url):
    """Monitors per status; for down ones also why (the last result's error and message, over up to 100 of them)."""
    c = _conn(url)
    counts = {s: _get_json(c, f"/api/v1/monitors?limit=1&status={s}")["total"] for s in ("up", "down", "new")}
    counts["total"] = _get_json(c, "/api/v1/monitors?limit=1")["total"]
    if counts["down"]:
        why = {}
        for m in _get_json(c, "/api/v1/monitors?limit=100&status=down")["monitors"]:
            r = m.get("last_result") or {}
            k = f"{r.get('error')}:{r.get('message')}".replace(" ", "_")
            why[k] = why.get(k, 0) + 1
        counts["down_why"] = ",".join(f"{k}*{n}" for k, n in sorted(why.items(), key=lambda kv: -kv[1]))
    print(" ".join(f"{k}={v}" for k, v in counts.items()))


def _median_run(path, label, key):
    runs = sorted((kv for kv in _runs(path, label) if kv["run"] != "warm"), key=lambda kv: float(kv[key]))
    return runs[(len(runs) - 1) // 2] if runs else None


def checks_table(path):
    s = _median_run(path, "vigil.sustained.http", "checks_per_s")
    if s:
        cores = float(s["cpu_cores"])
        print(f"sustained: {s['monitors']} http monitors every {s['interval']} s, {s['secs']} s window")
        print(f"  {'checks/s':>9} {'min..max/' + s['step_s'] + 's':>14} {'Vigil cores':>11} {'skipped':>8} "
              f"{'drift p99':>10} {'drift max':>10} {'RSS MB':>7} {'up/total':>12} {'not stored':>10}")
        skipped = sum(int(s[k]) for k in ("skipped_overlap", "skipped_queue_full", "skipped_stale"))
        print(f"  {s['checks_per_s']:>9} {s['min_step_rate'] + '..' + s['max_step_rate']:>14} {cores:>11.3f} "
              f"{skipped:>8} {s['drift_p99_ms'] + ' ms':>10} {s['drift_max_ms'] + ' ms':>10} {s['rss_mb']:>7} "
              f"{s['up'] + '/' + s['total']:>12} {s['results_not_stored']:>10}")
        ok = float(s["checks_per_s"]) >= 0.98 * int(s["monitors"]) / float(s["interval"]) \
            and float(s["drift_p99_ms"]) < 100 and cores < 0.25 and s["up"] == s["total"]
        print(f"  target (1,000 checks/s for 5 min, drift p99 < 100 ms, < 0.25 core, all up): {'met' if ok else 'NOT met'}"
              f" (drift figures are since Vigil started, creation included)")
    print()
    print(f"{'maximum':<15} {'Vigil chk/s':>11} {'cores':>6} {'chk/CPU-s':>9} {'nginx':>6} {'skipped':>8} {'up/total':>12}"
          f" | {'blackbox':<11} {'probe/s':>7} {'cores':>5} {'prb/CPU-s':>9} {'fail':>4} | {'ratio/CPU-s':>11} {'ratio/s':>7}")
    pairs = (("http", "http_2xx"), ("http_fresh", "http_2xx"), ("tcp", "tcp_connect"))
    for mode, module in pairs:
        v = _median_run(path, f"vigil.max.{mode}", "checks_per_s")
        b = _median_run(path, f"blackbox.{module}", "rps")
        if not v:
            continue
        vr, vc = float(v["checks_per_s"]), float(v["cpu_cores"])
        skipped = sum(int(v[k]) for k in ("skipped_overlap", "skipped_queue_full", "skipped_stale"))
        line = (f"{mode:<15} {vr:>11.0f} {vc:>6.2f} {vr / vc:>9.0f} {float(v['aux_cores']):>6.2f} {skipped:>8} "
                f"{v['up'] + '/' + v['total']:>12}")
        if b:
            br, bc = float(b["rps"]), float(b["srv_cpu_cores"])
            line += (f" | {module:<11} {br:>7.0f} {bc:>5.2f} {br / bc:>9.0f} {b['probe_fail']:>4} "
                     f"| {format((vr / vc) / (br / bc), '.1f') + 'x':>11} {format(vr / br, '.1f') + 'x':>7}")
        print(line)
    for mode, _ in pairs:
        v = _median_run(path, f"vigil.max.{mode}", "checks_per_s")
        if v and v.get("down_why"):
            print(f"  {mode}: {v['down']} down at the end; last errors of up to 100: {v['down_why']}; "
                  f"SYNs dropped by full listen queues during the window (whole machine): {v['listen_drops']}")
    http = _median_run(path, "vigil.max.http", "checks_per_s")
    if http:
        print(f"goals: >= 4x blackbox per CPU-second; >= 10,000 HTTP checks/s (keep-alive run: {float(http['checks_per_s']):.0f}/s)")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "create-monitors": create_monitors(args[0], int(args[1]))
    elif cmd == "list-ids": list_ids(args[0], args[1])
    elif cmd == "stored": stored(args[0])
    elif cmd == "seed-db": seed_db(args[0], int(args[1]), args[2], *(int(a) for a in args[3:6]))
    elif cmd == "lag": lag(args[0])
    elif cmd == "seed-alert-db": seed_alert_db(args[0], int(args[1]), args[2], *(int(a) for a in args[3:7]), args[7], args[8])
    elif cmd == "alert-latency": alert_latency(args[0], args[1], args[2])
    elif cmd == "system-sample": system_sample(args[0], *(int(a) for a in args[1:4]))
    elif cmd == "table": table(args[0], args[1:])
    elif cmd == "ok-sum": ok_sum(args[0], args[1])
    elif cmd == "create-checks": create_checks(args[0], int(args[1]), args[2])
    elif cmd == "check-window": check_window(args[0], float(args[1]), int(args[2]), [int(p) for p in args[3:]])
    elif cmd == "count-monitors": count_monitors(args[0])
    elif cmd == "checks-table": checks_table(args[0])
    else: sys.exit(__doc__)
