-- Flags are reviewed: open until an admin clears or confirms them (as SQLite's 0002).
ALTER TABLE suspicious_activity ADD COLUMN status text NOT NULL DEFAULT 'open';
ALTER TABLE suspicious_activity ADD COLUMN resolved_by text;
ALTER TABLE suspicious_activity ADD COLUMN resolved_at bigint;

CREATE INDEX suspicious_activity_by_status ON suspicious_activity (status, id);
