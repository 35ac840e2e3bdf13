-- Boards beyond global. global's standings stay in user_scores, so every existing read and row is global's as before;
-- every other board's standings are per (board, period, user) in board_standings. Boards defined through the admin API
-- are stored here (configured ones live in configuration); their definition is JSON, read by the server only.
CREATE TABLE boards (
    id          TEXT PRIMARY KEY,
    definition  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

-- Seasons of season boards, stored or configured: named windows [starts_at, ends_at).
CREATE TABLE seasons (
    board_id   TEXT NOT NULL,
    id         TEXT NOT NULL,
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    PRIMARY KEY (board_id, id)
);

CREATE TABLE board_standings (
    board_id      TEXT NOT NULL,
    period_key    TEXT NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id),
    score         INTEGER NOT NULL,
    action_count  INTEGER NOT NULL,
    -- id of the score_events row that produced the current score: the tie rule's "reached earlier".
    reached_at    INTEGER NOT NULL,
    last_updated  INTEGER NOT NULL,
    PRIMARY KEY (board_id, period_key, user_id)
);

CREATE INDEX board_standings_by_user ON board_standings (user_id);

CREATE INDEX board_standings_board ON board_standings (board_id, period_key, score, reached_at);

-- One entry's metadata per user (a JSON object), last write wins.
CREATE TABLE user_metadata (
    user_id     TEXT PRIMARY KEY REFERENCES users (id),
    metadata    TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
