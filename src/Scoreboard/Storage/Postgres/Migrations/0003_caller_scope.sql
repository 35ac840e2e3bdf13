-- As SQLite's 0003: action ids are unique per caller, (caller_scope, action_id), and a reversal names the event it
-- reverses in reverses_event_id, a column no request can write. Existing rows keep their ids; none are merged.
ALTER TABLE score_events ADD COLUMN caller_scope text;
ALTER TABLE score_events ADD COLUMN reverses_event_id bigint UNIQUE;

-- Until now only reversals had source 'admin', service keys wrote through seeds 001 and 004, the demo through 'demo',
-- and every other credit came from a user token crediting its own subject.
UPDATE score_events SET
    caller_scope = CASE WHEN source = 'admin' THEN 'admin'
                        WHEN source IN ('seed-001', 'seed-004') THEN 'key:' || caller
                        WHEN source = 'demo' THEN 'server'
                        ELSE 'user:' || user_id END,
    reverses_event_id = CASE WHEN source = 'admin' AND action_id LIKE 'reversal:%' THEN substr(action_id, 10)::bigint END;

ALTER TABLE score_events ALTER COLUMN caller_scope SET NOT NULL;
ALTER TABLE score_events DROP CONSTRAINT score_events_action_id_key;
ALTER TABLE score_events ADD CONSTRAINT score_events_caller_scope_action_id_key UNIQUE (caller_scope, action_id);

DROP FUNCTION apply_credit(text, text, text, text, bigint, text, text, text, text, text, text, bigint, bigint);

-- One credit, in the caller's transaction. The users row is the per-user lock: every credit of a user takes it
-- before reading the total, so totals never race and event ids rise in commit order per user.
-- status: 0 applied, 1 duplicate in the caller's scope (event_id is the original's), 2 would overflow (nothing written).
CREATE FUNCTION apply_credit(
    p_scope text, p_action text, p_user text, p_name text, p_type text, p_points bigint, p_reason text, p_source text,
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
    SELECT e.id INTO v_event FROM score_events e WHERE e.caller_scope = p_scope AND e.action_id = p_action;
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

    -- The unique constraint is the guarantee: a concurrent transaction with the same scope and action id makes this
    -- insert wait for it, and then either conflict (a duplicate) or proceed (it rolled back).
    INSERT INTO score_events (caller_scope, action_id, user_id, action_type, points, score_before, score_after,
                              reason, source, caller, ip, user_agent, request_hash, created_at)
    VALUES (p_scope, p_action, p_user, p_type, p_points, v_before, v_before + p_points,
            p_reason, p_source, p_caller, p_ip, p_agent, p_hash, p_now)
    ON CONFLICT (caller_scope, action_id) DO NOTHING
    RETURNING id INTO v_event;
    IF v_event IS NULL THEN
        SELECT e.id INTO v_event FROM score_events e WHERE e.caller_scope = p_scope AND e.action_id = p_action;
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
