-- Active checks. A monitor is a heartbeat (pinged) or an active check (probed); check_json holds the check's spec.
ALTER TABLE monitor ADD COLUMN type TEXT NOT NULL DEFAULT 'heartbeat';
ALTER TABLE monitor ADD COLUMN check_json TEXT;

-- Append-only raw results. status and error are the CheckStatus and CheckError numbers; latencies are microseconds.
-- The phase columns are all NULL when the run had no phase timings (total_us is set whenever it had them), and a
-- single phase is NULL when it did not happen: a NULL costs one header byte, so phase-less rows stay small.
-- Retention deletes in id order while rows are older than the cutoff (ids grow with arrival, which follows run
-- time to within a check's timeout), so there is no index on time.
-- AUTOINCREMENT: ids are never reused, even after retention empties the table, so paging cursors and the
-- rollup replay mark (meta rollup_result_id) stay valid.
CREATE TABLE check_result (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    monitor       INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    status        INTEGER NOT NULL,
    error         INTEGER NOT NULL,
    latency_us    INTEGER NOT NULL,
    message       TEXT    NOT NULL,
    dns_us        INTEGER,
    connect_us    INTEGER,
    tls_us        INTEGER,
    first_byte_us INTEGER,
    total_us      INTEGER
);
CREATE INDEX check_result_by_monitor ON check_result (monitor, id);

-- Per-minute (resolution_s 60) and per-hour (3600) aggregates, folded in memory by the writer and written every
-- checks.rollup_flush_seconds together with meta rollup_result_id, the last raw row they cover. bucket is the bucket's start (Unix ms). failures are Down runs other than pool_exhausted; inconclusive
-- are pool_exhausted runs (Vigil's own pool was full). Latency columns and the histogram cover conclusive runs
-- only. histogram holds 14 little-endian uint32 counts, one per bucket of LatencyHistogram.UpperBoundsUs.
CREATE TABLE check_rollup (
    monitor        INTEGER NOT NULL,
    resolution_s   INTEGER NOT NULL,
    bucket         INTEGER NOT NULL,
    count          INTEGER NOT NULL,
    failures       INTEGER NOT NULL,
    degraded       INTEGER NOT NULL,
    inconclusive   INTEGER NOT NULL,
    latency_sum_us INTEGER NOT NULL,
    latency_max_us INTEGER NOT NULL,
    histogram      BLOB    NOT NULL,
    PRIMARY KEY (monitor, resolution_s, bucket)
) WITHOUT ROWID;
CREATE INDEX check_rollup_by_age ON check_rollup (resolution_s, bucket);

-- Deleted monitors whose check rows retention still has to remove, a chunk at a time. A trigger fills it, so every
-- way of deleting a monitor is covered and retention never has to scan for orphans.
CREATE TABLE check_purge (
    monitor INTEGER PRIMARY KEY
);
CREATE TRIGGER monitor_deleted_purge_checks AFTER DELETE ON monitor
BEGIN
    INSERT OR IGNORE INTO check_purge (monitor) VALUES (old.seq);
END;
