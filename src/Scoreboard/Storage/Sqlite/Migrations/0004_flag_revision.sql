-- Who is frozen is decided by suspicious_activity; this counter moves with every change to it, so an instance can
-- tell with one cheap read whether the frozen list it holds is still current.
CREATE TABLE flag_revision (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    revision  INTEGER NOT NULL
);
INSERT INTO flag_revision (id, revision) VALUES (1, 0);

CREATE TRIGGER flag_added AFTER INSERT ON suspicious_activity
BEGIN
    UPDATE flag_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER flag_reviewed AFTER UPDATE ON suspicious_activity
BEGIN
    UPDATE flag_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER flag_removed AFTER DELETE ON suspicious_activity
BEGIN
    UPDATE flag_revision SET revision = revision + 1 WHERE id = 1;
END;
