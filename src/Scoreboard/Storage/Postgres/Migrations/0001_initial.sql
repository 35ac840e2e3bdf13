-- The schema of SQLite's 0001_initial, in PostgreSQL types. Times are Unix milliseconds, as there.

-- Users are not owned here: the row keeps the display name the board shows.
CREATE TABLE users (
    id          text PRIMARY KEY,
    username    text,
    created_at  bigint NOT NULL
);

CREATE TABLE user_scores (
    user_id       text PRIMARY KEY REFERENCES users (id),
    score         bigint NOT NULL CHECK (score >= 0),
    action_count  bigint NOT NULL,
    -- id of the score_events row that produced the current score: the tie rule's "reached earlier".
    reached_at    bigint NOT NULL,
    last_updated  bigint NOT NULL
);

-- The board order, for reads while Redis is down: the tie rule compares user ids ordinally, hence "C".
CREATE INDEX user_scores_board ON user_scores (score DESC, reached_at, user_id COLLATE "C");

CREATE TABLE score_events (
    id            bigserial PRIMARY KEY,
    action_id     text NOT NULL UNIQUE,
    user_id       text NOT NULL REFERENCES users (id),
    action_type   text NOT NULL,
    points        bigint NOT NULL CHECK (points <> 0),
    score_before  bigint NOT NULL,
    score_after   bigint NOT NULL CHECK (score_after >= 0),
    reason        text,
    source        text NOT NULL,
    caller        text NOT NULL,
    ip            text,
    user_agent    text,
    request_hash  text,
    created_at    bigint NOT NULL
);

CREATE INDEX score_events_by_user ON score_events (user_id, id);

CREATE TABLE suspicious_activity (
    id          bigserial PRIMARY KEY,
    user_id     text NOT NULL,
    reason      text NOT NULL,
    details     text,
    created_at  bigint NOT NULL
);

CREATE INDEX suspicious_activity_by_user ON suspicious_activity (user_id);

CREATE TABLE service_keys (
    name          text PRIMARY KEY,
    key_hash      text NOT NULL UNIQUE,
    action_types  text NOT NULL,
    created_at    bigint NOT NULL
);

-- Transactional outbox: a row per user whose total moved and whose Redis entry is not yet known to match.
-- Written in the credit's own transaction; removed by the relay once Redis holds that standing or a newer one.
CREATE TABLE rank_outbox (
    user_id    text PRIMARY KEY,
    event_id   bigint NOT NULL,
    queued_at  bigint NOT NULL
);

-- One credit, in the caller's transaction. The users row is the per-user lock: every credit of a user takes it
-- before reading the total, so totals never race and event ids rise in commit order per user.
-- status: 0 applied, 1 duplicate (event_id is the original's), 2 would overflow (nothing written).
CREATE FUNCTION apply_credit(
    p_action text, p_user text, p_name text, p_type text, p_points bigint, p_reason text, p_source text,
    p_caller text, p_ip text, p_agent text, p_hash text, p_now bigint, p_max bigint)
RETURNS TABLE (status int, event_id bigint, score_before bigint, score_after bigint,
               username text, reached_at bigint, last_updated bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_before bigint;
    v_reached bigint;
    v_updated bigint;
    v_name text;
    v_event bigint;
BEGIN
    SELECT e.id INTO v_event FROM score_events e WHERE e.action_id = p_action;
    IF FOUND THEN
        RETURN QUERY SELECT 1, v_event, NULL::bigint, NULL::bigint, NULL::text, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;

    INSERT INTO users AS u (id, username, created_at) VALUES (p_user, p_name, p_now) ON CONFLICT (id) DO NOTHING;
    SELECT u.username INTO v_name FROM users u WHERE u.id = p_user FOR UPDATE;
    SELECT s.score, s.reached_at, s.last_updated INTO v_before, v_reached, v_updated
        FROM user_scores s WHERE s.user_id = p_user;
    v_before := coalesce(v_before, 0);

    IF p_points <= 0 OR v_before > p_max - p_points THEN
        RETURN QUERY SELECT 2, NULL::bigint, v_before, v_before, v_name, v_reached, v_updated;
        RETURN;
    END IF;

    -- The unique constraint is the guarantee: a concurrent transaction with the same action id makes this
    -- insert wait for it, and then either conflict (a duplicate) or proceed (it rolled back).
    INSERT INTO score_events (action_id, user_id, action_type, points, score_before, score_after,
                              reason, source, caller, ip, user_agent, request_hash, created_at)
    VALUES (p_action, p_user, p_type, p_points, v_before, v_before + p_points,
            p_reason, p_source, p_caller, p_ip, p_agent, p_hash, p_now)
    ON CONFLICT (action_id) DO NOTHING
    RETURNING id INTO v_event;
    IF v_event IS NULL THEN
        SELECT e.id INTO v_event FROM score_events e WHERE e.action_id = p_action;
        RETURN QUERY SELECT 1, v_event, NULL::bigint, NULL::bigint, NULL::text, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;

    IF p_name IS NOT NULL AND v_name IS DISTINCT FROM p_name THEN
        UPDATE users SET username = p_name WHERE id = p_user;
        v_name := p_name;
    END IF;

    INSERT INTO user_scores AS s (user_id, score, action_count, reached_at, last_updated)
    VALUES (p_user, v_before + p_points, 1, v_event, p_now)
    ON CONFLICT (user_id) DO UPDATE SET score = excluded.score, action_count = s.action_count + 1,
                                        reached_at = excluded.reached_at, last_updated = excluded.last_updated;

    INSERT INTO rank_outbox AS o (user_id, event_id, queued_at) VALUES (p_user, v_event, p_now)
    ON CONFLICT (user_id) DO UPDATE SET event_id = excluded.event_id, queued_at = excluded.queued_at;

    RETURN QUERY SELECT 0, v_event, v_before, v_before + p_points, v_name, v_event, p_now;
END;
$$;
