-- Users are not owned here: the row keeps the display name the board shows.
CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    username    TEXT,
    created_at  INTEGER NOT NULL
);

CREATE TABLE user_scores (
    user_id       TEXT PRIMARY KEY REFERENCES users (id),
    score         INTEGER NOT NULL CHECK (score >= 0),
    action_count  INTEGER NOT NULL,
    -- id of the score_events row that produced the current score: the tie rule's "reached earlier".
    reached_at    INTEGER NOT NULL,
    last_updated  INTEGER NOT NULL
);

CREATE TABLE score_events (
    id            INTEGER PRIMARY KEY,
    action_id     TEXT NOT NULL UNIQUE,
    user_id       TEXT NOT NULL REFERENCES users (id),
    action_type   TEXT NOT NULL,
    points        INTEGER NOT NULL CHECK (points <> 0),
    score_before  INTEGER NOT NULL,
    score_after   INTEGER NOT NULL CHECK (score_after >= 0),
    reason        TEXT,
    source        TEXT NOT NULL,
    caller        TEXT NOT NULL,
    ip            TEXT,
    user_agent    TEXT,
    request_hash  TEXT,
    created_at    INTEGER NOT NULL
);

CREATE INDEX score_events_by_user ON score_events (user_id, id);

CREATE TABLE suspicious_activity (
    id          INTEGER PRIMARY KEY,
    user_id     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    details     TEXT,
    created_at  INTEGER NOT NULL
);

CREATE INDEX suspicious_activity_by_user ON suspicious_activity (user_id);

CREATE TABLE service_keys (
    name          TEXT PRIMARY KEY,
    key_hash      TEXT NOT NULL UNIQUE,
    action_types  TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
