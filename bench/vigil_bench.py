#!/usr/bin/env python3
"""Helpers for bench/ping-ingest.sh and bench/scale.sh (standard library only).

  create-monitors URL N          create N heartbeat monitors through the API (32 keep-alive connections);
                                 the write key is read from VIGIL_API_KEY
  list-ids URL OUT               page GET /api/v1/monitors?limit=1000 and write every id to OUT, one a line
  stored DB                      after Vigil stopped: "ping_count_sum=… ping_rows=… monitors=…"
  seed-db DB N MIGRATIONS_DIR    create a Vigil database with N up monitors directly, as the store writes them
  table RESULTS_KV LABEL...      median-of-runs table (by rps) of the given labels, with Vigil/ceiling ratio
  ok-sum RESULTS_KV LABEL        sum of the 2xx responses over every run (warm-up included) of LABEL
"""
import http.client, json, os, sqlite3, statistics, sys, threading, time, uuid
from urllib.parse import urlparse


def _conn(url):
    u = urlparse(url)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30)


def create_monitors(url, n):
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
            body = json.dumps({"name": f"bench-{i:07d}", "slug": f"bench-{i:07d}", "type": "heartbeat",
                               "period_seconds": 3600, "grace_seconds": 3600})
            c.request("POST", "/api/v1/monitors", body, headers)
            r = c.getresponse(); data = r.read()
            if r.status != 201:
                errors.append(f"{r.status} {data[:300]!r}")

    t0 = time.time()
    threads = [threading.Thread(target=worker) for _ in range(32)]
    for t in threads: t.start()
    for t in threads: t.join()
    if errors:
        sys.exit(f"creating monitors failed: {errors[0]}")
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


def seed_db(db, n, migrations):
    """Schema from the migrations (user_version = last applied), then N monitor rows as SqliteStore writes
    them: id = Guid.ToByteArray() (= uuid.bytes_le), status 1 (up), times in Unix ms."""
    if os.path.exists(db):
        sys.exit(f"{db} exists")
    c = sqlite3.connect(db)
    c.execute("PRAGMA journal_mode=WAL")
    scripts = sorted(f for f in os.listdir(migrations) if f.endswith(".sql"))
    for f in scripts:
        version = int(f.split("_", 1)[0])
        with open(os.path.join(migrations, f)) as fh:
            c.executescript("BEGIN;\n" + fh.read() + f"\nPRAGMA user_version = {version};\nCOMMIT;")
    now = int(time.time() * 1000)
    t0 = time.time()
    rows = ((i, uuid.uuid4().bytes_le, f"m-{i:07d}", f"Monitor {i}", 3600, 3600, now, now, 1, now, now, now)
            for i in range(1, n + 1))
    c.execute("BEGIN")
    c.executemany("INSERT INTO monitor (seq, id, slug, name, period_seconds, grace_seconds, created_at, updated_at, "
                  "status, status_changed_at, last_ping_at, last_success_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    c.execute("COMMIT")
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    print(f"seeded {n} monitors in {time.time() - t0:.1f} s ({os.path.getsize(db) / 2**20:.0f} MiB)", file=sys.stderr)


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
    if len(rows) >= 2:
        print(f"ratio {rows[1][0]} / {rows[0][0]} (median req/s): {rows[1][2] / rows[0][2]:.2f}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "create-monitors": create_monitors(args[0], int(args[1]))
    elif cmd == "list-ids": list_ids(args[0], args[1])
    elif cmd == "stored": stored(args[0])
    elif cmd == "seed-db": seed_db(args[0], int(args[1]), args[2])
    elif cmd == "table": table(args[0], args[1:])
    elif cmd == "ok-sum": ok_sum(args[0], args[1])
    else: sys.exit(__doc__)
