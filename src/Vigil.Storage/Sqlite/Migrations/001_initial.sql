-- Times are Unix milliseconds (UTC). Monitors are keyed by a compact integer (seq) that ping and flip rows use.
CREATE TABLE monitor (
    seq               INTEGER PRIMARY KEY,
    id                BLOB    NOT NULL UNIQUE,
    slug              TEXT    NOT NULL UNIQUE,
    name              TEXT    NOT NULL,
    description       TEXT    NOT NULL DEFAULT '',
    tags              TEXT    NOT NULL DEFAULT '[]',
    period_seconds    INTEGER,
    grace_seconds     INTEGER NOT NULL,
    cron              TEXT,
    timezone          TEXT,
    paused            INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    -- runtime state, written by the batching writer together with the pings and flips that change it
    status            INTEGER NOT NULL DEFAULT 0,
    status_changed_at INTEGER,
    last_ping_at      INTEGER,
    last_success_at   INTEGER,
    open_start_at     INTEGER,
    open_rid          TEXT,
    ping_count        INTEGER NOT NULL DEFAULT 0,
    last_ping_id      INTEGER NOT NULL DEFAULT 0
);

-- Append-only: ids grow with arrival, and each row points to the previous ping of its monitor (prev_id), so a
-- monitor's history is walked from its newest ping without a (monitor, id) index, whose random leaf writes
-- cost more than the pings themselves.
CREATE TABLE ping (
    id             INTEGER PRIMARY KEY,
    monitor        INTEGER NOT NULL,
    prev_id        INTEGER NOT NULL,
    at             INTEGER NOT NULL,
    kind           INTEGER NOT NULL,
    exit_status    INTEGER,
    duration_ms    INTEGER,
    rid            TEXT,
    body           TEXT,
    body_truncated INTEGER NOT NULL DEFAULT 0,
    method         TEXT,
    remote_addr    TEXT,
    user_agent     TEXT
);

CREATE TABLE flip (
    id          INTEGER PRIMARY KEY,
    monitor     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    from_status INTEGER NOT NULL,
    to_status   INTEGER NOT NULL,
    reason      TEXT    NOT NULL
);
CREATE INDEX flip_by_monitor ON flip (monitor, id);

CREATE TABLE api_key (
    id         BLOB    PRIMARY KEY,
    name       TEXT    NOT NULL,
    scope      TEXT    NOT NULL,
    hash       BLOB    NOT NULL UNIQUE,
    prefix     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Deleted monitors whose pings retention is still removing, a chunk at a time, walking back from next_id.
CREATE TABLE purge (
    monitor INTEGER PRIMARY KEY,
    next_id INTEGER NOT NULL
);
