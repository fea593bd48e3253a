-- Alerting fields of a monitor, all NULL for a monitor that has none (a NULL costs one header byte per row).
-- alerts_json: the monitor's own rules as the API writes them (NULL: the configured defaults apply).
-- channels: a JSON array of channel ids or names (NULL: none). parent: the parent monitor's id (16 bytes, like id).
ALTER TABLE monitor ADD COLUMN alerts_json TEXT;
ALTER TABLE monitor ADD COLUMN channels TEXT;
ALTER TABLE monitor ADD COLUMN parent BLOB;
