-- Webhooks: subscriptions, and a durable outbox of events with one delivery row per (event, subscription).
-- An event row is written in the same transaction as its cause (a flag, an erasure, a period's end), so it is
-- delivered at least once whatever crashes after the commit. The secret is kept as given: it signs every delivery.
CREATE TABLE webhook_subscriptions (
    id          TEXT PRIMARY KEY,
    url         TEXT NOT NULL,
    -- the event types, comma-separated with a comma at each end (",period.ended,user.erased,") so a type matches by LIKE.
    events      TEXT NOT NULL,
    secret      TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

-- body is the exact JSON every delivery of the event sends (and signs): { id, type, createdAt, data }.
CREATE TABLE webhook_events (
    id          TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

-- status: pending (due at next_attempt_at), delivered, or dead (after the last attempt; an admin may re-send it).
-- leased_until: a dispatcher that claimed the row owns it until then; a crashed one's claim simply runs out.
CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id         TEXT NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    subscription_id  TEXT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    leased_until     INTEGER,
    last_status      INTEGER,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    delivered_at     INTEGER,
    UNIQUE (event_id, subscription_id)
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, id);

-- One period.ended per (board, period), whichever instance notices the end first.
CREATE TABLE webhook_periods (
    board_id    TEXT NOT NULL,
    period_key  TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    ended_at    INTEGER NOT NULL,
    PRIMARY KEY (board_id, period_key)
);
