-- As SQLite's 0005: global's standings stay in user_scores; every other board's are per (board, period, user).
CREATE TABLE boards (
    id          text PRIMARY KEY,
    definition  text NOT NULL,
    created_at  bigint NOT NULL
);

CREATE TABLE seasons (
    board_id   text NOT NULL,
    id         text NOT NULL,
    starts_at  bigint NOT NULL,
    ends_at    bigint NOT NULL,
    PRIMARY KEY (board_id, id)
);

CREATE TABLE board_standings (
    board_id      text NOT NULL,
    period_key    text NOT NULL,
    user_id       text NOT NULL REFERENCES users (id),
    score         bigint NOT NULL,
    action_count  bigint NOT NULL,
    reached_at    bigint NOT NULL,
    last_updated  bigint NOT NULL,
    PRIMARY KEY (board_id, period_key, user_id)
);

CREATE INDEX board_standings_by_user ON board_standings (user_id);

-- The board order within a period, for reads from PostgreSQL: both directions walk it.
CREATE INDEX board_standings_board ON board_standings (board_id, period_key, score, reached_at, user_id COLLATE "C");

CREATE TABLE user_metadata (
    user_id     text PRIMARY KEY REFERENCES users (id),
    metadata    text NOT NULL,
    updated_at  bigint NOT NULL
);

-- A batch of credits is now decided in C# (the one credit rule) and written set-based; no per-credit function remains.
DROP FUNCTION apply_credit(text, text, text, text, text, bigint, text, text, text, text, text, text, bigint, bigint);
