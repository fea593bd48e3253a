-- Notification channels (issue 5). settings is the type's JSON object as the user gave it, secrets included: the
-- database is the user's own, and the API and logs show secrets redacted. name is unique ignoring case.
CREATE TABLE channel (
    id         BLOB    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    settings   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX channel_by_name ON channel (name COLLATE NOCASE);
