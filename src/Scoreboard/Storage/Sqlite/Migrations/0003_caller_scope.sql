-- Action ids are unique per caller, not across all callers: (caller_scope, action_id). A reversal names the event it
-- reverses in reverses_event_id, a column no request can write, instead of an action id a caller could send first.
-- SQLite cannot change a column's constraint in place, so the table is rebuilt; every row is copied, none merged
-- (ids unique before stay unique within their scope).
CREATE TABLE score_events_scoped (
    id                 INTEGER PRIMARY KEY,
    caller_scope       TEXT NOT NULL,
    action_id          TEXT NOT NULL,
    user_id            TEXT NOT NULL REFERENCES users (id),
    action_type        TEXT NOT NULL,
    points             INTEGER NOT NULL CHECK (points <> 0),
    score_before       INTEGER NOT NULL,
    score_after        INTEGER NOT NULL CHECK (score_after >= 0),
    reason             TEXT,
    source             TEXT NOT NULL,
    caller             TEXT NOT NULL,
    ip                 TEXT,
    user_agent         TEXT,
    request_hash       TEXT,
    created_at         INTEGER NOT NULL,
    reverses_event_id  INTEGER UNIQUE,
    UNIQUE (caller_scope, action_id)
);

-- Until now only reversals had source 'admin', service keys wrote through seeds 001 and 004, the demo through 'demo',
-- and every other credit came from a user token crediting its own subject.
INSERT INTO score_events_scoped
SELECT id,
       CASE WHEN source = 'admin' THEN 'admin'
            WHEN source IN ('seed-001', 'seed-004') THEN 'key:' || caller
            WHEN source = 'demo' THEN 'server'
            ELSE 'user:' || user_id END,
       action_id, user_id, action_type, points, score_before, score_after, reason, source, caller, ip, user_agent,
       request_hash, created_at,
       CASE WHEN source = 'admin' AND action_id LIKE 'reversal:%' THEN CAST(substr(action_id, 10) AS INTEGER) END
FROM score_events;

DROP TABLE score_events;
ALTER TABLE score_events_scoped RENAME TO score_events;
CREATE INDEX score_events_by_user ON score_events (user_id, id);
