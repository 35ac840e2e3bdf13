-- Erasure and retention (docs/privacy.md). An erasure is recorded by the pseudonym the user's ledger rows now carry,
-- never by the user id; erased_by is the caller (the admin key's holder is "admin").
CREATE TABLE erasures (
    id          INTEGER PRIMARY KEY,
    pseudonym   TEXT NOT NULL,
    erased_at   INTEGER NOT NULL,
    erased_by   TEXT NOT NULL,
    events      INTEGER NOT NULL
);

CREATE INDEX erasures_by_pseudonym ON erasures (pseudonym);

-- The HMAC key of the pseudonyms when configuration gives none: generated once, shared by every instance of the store.
CREATE TABLE privacy_key (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    key  TEXT NOT NULL
);

-- The retention chore's walk: only events that still carry an address or a user agent, oldest first.
CREATE INDEX score_events_retained ON score_events (created_at) WHERE ip IS NOT NULL OR user_agent IS NOT NULL;
