-- Maintenance windows and silences. Times are Unix milliseconds (UTC).
-- A window's definition is its JSON as the API shows it (name, monitors, tags, all, start/end or cron/duration/zone),
-- read back by the same reader that validates API bodies, as monitor.check_json is; the columns beside it are what
-- storage itself needs.
CREATE TABLE maintenance_window (
    id         BLOB    PRIMARY KEY,
    name       TEXT    NOT NULL,
    definition TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- At most one silence per monitor (monitor.id). Expired rows are deleted by the server's sweep; a deleted monitor's
-- silence goes with it through the trigger, however the monitor is deleted.
CREATE TABLE silence (
    monitor    BLOB    PRIMARY KEY,
    until_at   INTEGER NOT NULL,
    reason     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TRIGGER monitor_deleted_silence AFTER DELETE ON monitor
BEGIN
    DELETE FROM silence WHERE monitor = old.id;
END;
