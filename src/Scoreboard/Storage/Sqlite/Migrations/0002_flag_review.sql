-- Flags are reviewed: open until an admin clears or confirms them.
ALTER TABLE suspicious_activity ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE suspicious_activity ADD COLUMN resolved_by TEXT;
ALTER TABLE suspicious_activity ADD COLUMN resolved_at INTEGER;

CREATE INDEX suspicious_activity_by_status ON suspicious_activity (status, id);
