-- As SQLite's 0006: subscriptions, and a durable outbox of events with one delivery row per (event, subscription).
CREATE TABLE webhook_subscriptions (
    id          text PRIMARY KEY,
    url         text NOT NULL,
    events      text NOT NULL,
    secret      text NOT NULL,
    created_at  bigint NOT NULL
);

CREATE TABLE webhook_events (
    id          text PRIMARY KEY,
    type        text NOT NULL,
    body        text NOT NULL,
    created_at  bigint NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               bigserial PRIMARY KEY,
    event_id         text NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    subscription_id  text NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    status           text NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  bigint NOT NULL,
    leased_until     bigint,
    last_status      integer,
    last_error       text,
    created_at       bigint NOT NULL,
    delivered_at     bigint,
    UNIQUE (event_id, subscription_id)
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, id);

CREATE TABLE webhook_periods (
    board_id    text NOT NULL,
    period_key  text NOT NULL,
    event_id    text NOT NULL,
    ended_at    bigint NOT NULL,
    PRIMARY KEY (board_id, period_key)
);
