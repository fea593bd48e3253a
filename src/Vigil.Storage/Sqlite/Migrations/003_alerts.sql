-- Alerting. A flip or a notice adds its outbox row in the same transaction that records it, so a crash can delay an
-- alert but never lose one. The alert pipeline turns outbox rows into alerts and deliveries (one per channel) in one
-- transaction and deletes the rows it consumed; the delivery worker then records every attempt.

-- AUTOINCREMENT: ids never go back, even once every row was consumed, so the reader's "after id" cursor holds.
CREATE TABLE alert_outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    monitor     BLOB,              -- the monitor's id; null for Vigil's own notices
    at          INTEGER NOT NULL,
    kind        TEXT    NOT NULL,  -- 'flip', or a notice kind (run_too_long, latency_p95, ...)
    from_status INTEGER,           -- flips only
    to_status   INTEGER,
    reason      TEXT    NOT NULL,
    resolves    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE alert (
    id         INTEGER PRIMARY KEY,
    uid        BLOB    NOT NULL UNIQUE, -- the idempotency key receivers see
    monitor    BLOB,                    -- the monitor's id; null for Vigil's own alerts and summaries across monitors
    kind       TEXT    NOT NULL,        -- down, up, reminder, flapping, notice, summary, system
    status     TEXT    NOT NULL,        -- the monitor status it reports
    reason     TEXT    NOT NULL,
    at         INTEGER NOT NULL,        -- when it happened
    created_at INTEGER NOT NULL,
    suppressed TEXT                     -- why nobody was told (maintenance, silenced, parent down, flapping, rule); null if sent
);
CREATE INDEX alert_by_monitor ON alert (monitor, id);

CREATE TABLE delivery (
    id          INTEGER PRIMARY KEY,
    alert       INTEGER NOT NULL,
    channel     BLOB    NOT NULL,
    state       INTEGER NOT NULL,       -- 0 pending, 1 delivered, 2 dead, 3 folded into a summary
    attempts    INTEGER NOT NULL DEFAULT 0,
    give_up_at  INTEGER NOT NULL,       -- retries stop here and the delivery goes dead
    last_detail TEXT,
    done_at     INTEGER,
    summary     INTEGER                 -- the summary alert a folded delivery went out in (null: not yet)
);
CREATE INDEX delivery_by_alert ON delivery (alert);
CREATE INDEX delivery_open ON delivery (state) WHERE state = 0 OR (state = 3 AND summary IS NULL);

CREATE TABLE delivery_attempt (
    id          INTEGER PRIMARY KEY,
    delivery    INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    outcome     INTEGER NOT NULL,       -- 0 delivered, 1 retry, 2 failed
    detail      TEXT    NOT NULL,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX attempt_by_delivery ON delivery_attempt (delivery);
