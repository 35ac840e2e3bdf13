-- Who is frozen is decided by suspicious_activity; this counter moves with every change to it (as SQLite's 0004), so
-- each instance can tell with one cheap read whether the frozen list it holds is still current.
CREATE TABLE flag_revision (
    id        integer PRIMARY KEY CHECK (id = 1),
    revision  bigint NOT NULL
);
INSERT INTO flag_revision (id, revision) VALUES (1, 0);

CREATE FUNCTION bump_flag_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE flag_revision SET revision = revision + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER flag_changed AFTER INSERT OR UPDATE OR DELETE ON suspicious_activity
    FOR EACH STATEMENT EXECUTE FUNCTION bump_flag_revision();
