-- As SQLite's 0007: erasures recorded by pseudonym, the pseudonyms' key, and the retention chore's index.
CREATE TABLE erasures (
    id          bigserial PRIMARY KEY,
    pseudonym   text NOT NULL,
    erased_at   bigint NOT NULL,
    erased_by   text NOT NULL,
    events      bigint NOT NULL
);

CREATE INDEX erasures_by_pseudonym ON erasures (pseudonym);

-- The HMAC key of the pseudonyms when configuration gives none: generated once, shared by every instance of the store.
CREATE TABLE privacy_key (
    id   integer PRIMARY KEY CHECK (id = 1),
    key  text NOT NULL
);

-- The retention chore's walk: only events that still carry an address or a user agent, oldest first.
CREATE INDEX score_events_retained ON score_events (created_at) WHERE ip IS NOT NULL OR user_agent IS NOT NULL;
