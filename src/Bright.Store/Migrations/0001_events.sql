-- Every accepted canonical event, append-only. Times are instants (TIMESTAMPTZ, shown in UTC by default).
-- No primary key: uniqueness of event_id is kept by the writer's dedupe index, because DuckDB's ART
-- index makes bulk appends several times slower (see README, "Store").
CREATE TABLE events (
    event_id    VARCHAR NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    source      VARCHAR NOT NULL,
    site        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    subject     VARCHAR,
    location    VARCHAR,
    code        VARCHAR,
    value       DOUBLE,
    attributes  JSON
);

-- Input that was refused, kept so that nothing a sender sent is lost and its owner can be told.
CREATE SEQUENCE dead_letter_id START 1;
CREATE TABLE dead_letters (
    id          BIGINT PRIMARY KEY DEFAULT nextval('dead_letter_id'),
    received_at TIMESTAMPTZ NOT NULL,
    channel     VARCHAR NOT NULL,   -- http, mllp, fhir, file
    source      VARCHAR NOT NULL,
    site        VARCHAR,
    reference   VARCHAR,            -- event id, control id or file and line
    errors      VARCHAR NOT NULL,   -- one reason per line
    payload     VARCHAR NOT NULL
);

-- Accepted input with something to fix at the source (an unknown bed, ward or room; a mapping guess),
-- told to the feed's owner.
CREATE SEQUENCE data_quality_flag_id START 1;
CREATE TABLE data_quality_flags (
    id          BIGINT PRIMARY KEY DEFAULT nextval('data_quality_flag_id'),
    flagged_at  TIMESTAMPTZ NOT NULL,
    source      VARCHAR NOT NULL,
    site        VARCHAR,
    event_id    VARCHAR,
    field       VARCHAR NOT NULL,
    message     VARCHAR NOT NULL
);

-- Small named settings the server keeps between runs (e.g. where simulated history starts).
CREATE TABLE settings (
    name        VARCHAR PRIMARY KEY,
    value       VARCHAR NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
