-- The feed registry (issue 5 item 7): every source BRIGHT takes events from, with its owner and agreed
-- timeliness. Seeded from configuration (Bright:Feeds, Bright:Mllp:Feeds) when absent; edited by
-- administrators through PUT /api/feeds/{id}. A feed is never deleted: retiring it sets retired_at.
-- Lengths of time are in seconds.
CREATE TABLE feeds (
    id                  VARCHAR NOT NULL,   -- the Source every event from the feed carries
    name                VARCHAR NOT NULL,
    owner               VARCHAR NOT NULL,   -- who is told about the feed's data-quality problems
    contact             VARCHAR,            -- e-mail address or telephone number of the owner
    kind                VARCHAR NOT NULL,   -- hl7 | fhir | http | file
    expected_every_s    DOUBLE,             -- how often it is expected to send
    late_after_s        DOUBLE,             -- the agreed point-of-care to receipt lag
    silent_after_s      DOUBLE,             -- silent with no delivery for this long (null: expected_every_s)
    enabled             BOOLEAN NOT NULL,   -- false: monitoring paused (never silent or late)
    revision            INTEGER NOT NULL,   -- 1 when first stored, +1 on every change
    updated_at          TIMESTAMPTZ NOT NULL,
    updated_by          VARCHAR NOT NULL,   -- 'configuration' or the administrator's token name
    retired_at          TIMESTAMPTZ
);

-- Every revision of every feed, appended and never changed: who changed what, and when.
CREATE TABLE feed_versions (
    id                  VARCHAR NOT NULL,
    revision            INTEGER NOT NULL,
    change              VARCHAR NOT NULL,   -- created | updated | retired | restored
    name                VARCHAR NOT NULL,
    owner               VARCHAR NOT NULL,
    contact             VARCHAR,
    kind                VARCHAR NOT NULL,
    expected_every_s    DOUBLE,
    late_after_s        DOUBLE,
    silent_after_s      DOUBLE,
    enabled             BOOLEAN NOT NULL,
    changed_at          TIMESTAMPTZ NOT NULL,
    changed_by          VARCHAR NOT NULL
);
